// `tgmcp serve` as a real process (from dist/): start-up on the embedded sandbox, /health and
// /metrics, and a clean exit on SIGTERM and SIGINT. The command line's other paths are in
// cli.test.ts and serve-stdio.test.ts, graceful shutdown and restart in shutdown.test.ts (one
// file each keeps every file well inside tap's timeout on a busy machine).
import t from "tap";
import { parsePrometheus } from "../helpers/prometheus.js";
import { runCli } from "./_process.js";

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  t.test(`tgmcp serve: starts on the sandbox, serves /health and /metrics, exits 0 on ${signal}`, async (t) => {
    const p = runCli(t, ["serve", "--port", "0", "--log-level", "info"]);
    const listening = await p.waitFor((l) => typeof l.msg === "string" && l.msg.includes("listening on"));
    const port = listening.port as number;
    t.ok(port > 0, "listening on a free port");
    t.ok(
      p.lines.some((l) => l.level === 40 && /SANDBOX BACKEND/.test(l.msg)),
      "the sandbox backend is announced loudly (warn level)",
    );

    const health = await fetch(`http://127.0.0.1:${port}/health`);
    t.equal(health.status, 200);
    const body = (await health.json()) as any;
    t.equal(body.backend, "sandbox");
    t.equal(body.mode, "http-no-auth");
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    t.equal(metrics.status, 200);
    const parsed = parsePrometheus(await metrics.text());
    t.ok(parsed.samples.some((s) => s.name === "tgmcp_http_request_duration_seconds_count" && s.labels.route === "/health"));

    p.child.kill(signal);
    const { code } = await p.exited;
    t.equal(code, 0, "exit code 0");
    t.ok(p.lines.some((l) => l.msg === "shut down cleanly"));
    const refused = await fetch(`http://127.0.0.1:${port}/health`).then(
      () => "answered",
      () => "refused",
    );
    t.equal(refused, "refused", "nothing listens any more");
  });
}
