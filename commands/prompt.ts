// Line prompts for the CLI: on a terminal they are interactive (hidden input for secrets);
// with piped stdin each prompt reads the next line, so scripts can answer them too.
import readline from "node:readline";

export interface PromptIO {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Where questions go (stderr, so stdout stays clean for --json). */
  output: NodeJS.WritableStream;
}

export class Prompter {
  private readonly rl: readline.Interface;
  private readonly lines: AsyncIterator<string>;
  private muted = false;
  readonly interactive: boolean;

  constructor(private readonly io: PromptIO) {
    this.interactive = !!io.input.isTTY;
    this.rl = readline.createInterface({ input: io.input, output: io.output, terminal: this.interactive });
    // readline echoes typed characters through this method: silence it for secrets.
    (this.rl as readline.Interface & { _writeToOutput(s: string): void })._writeToOutput = (s: string) => {
      if (!this.muted) io.output.write(s);
    };
    this.lines = this.rl[Symbol.asyncIterator]();
  }

  /** Asks and returns the answer (trimmed), or null when input ended. */
  async ask(question: string, opts: { hidden?: boolean } = {}): Promise<string | null> {
    this.io.output.write(question);
    this.muted = !!opts.hidden && this.interactive;
    try {
      const r = await this.lines.next();
      return r.done ? null : String(r.value).trim();
    } finally {
      if (this.muted) this.io.output.write("\n");
      this.muted = false;
    }
  }

  close(): void {
    this.rl.close();
  }
}
