/** Polls `ok` every 25 ms for up to 10 s; throws naming `what` if it never holds. */
export async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!ok()) throw new Error(`never happened: ${what}`);
}
