# A tiny expect: runs a command in a pseudo-terminal, waits for each prompt (a regex)
# and types its answer. Usage: pty-driver.py '<json [[regex, answer], ...]>' cmd args...
# Prints everything the program wrote to the terminal; exits with its exit code.
import json, os, pty, re, select, sys, time

steps = json.loads(sys.argv[1])
cmd = sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)

out = b""
pos = 0
deadline = time.time() + 90

def read_some(timeout):
    global out
    r, _, _ = select.select([fd], [], [], timeout)
    if not r:
        return True
    try:
        data = os.read(fd, 4096)
    except OSError:
        return False
    if not data:
        return False
    out += data
    return True

alive = True
for pattern, answer in steps:
    rx = re.compile(pattern.encode())
    while alive and time.time() < deadline:
        m = rx.search(out, pos)
        if m:
            pos = m.end()
            break
        alive = read_some(0.5)
    else:
        sys.stdout.write(out.decode(errors="replace"))
        sys.stdout.write("\n[pty-driver] prompt not seen: %s\n" % pattern)
        sys.exit(97)
    time.sleep(0.05)
    os.write(fd, answer.encode() + b"\r")

while alive and time.time() < deadline:
    alive = read_some(0.5)
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8)
