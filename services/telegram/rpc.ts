// One door for every Telegram call the tools make: applies the FloodWait policy and the
// caller's abort signal. gramjs itself sleeps through FloodWaits up to the client's
// floodSleepThreshold and throws FloodWaitError beyond it (mapped to RateLimited by errors.ts).
import type { Api, TelegramClient } from "telegram";
import { ToolError } from "./errors.js";

export interface CallOptions {
  signal?: AbortSignal;
  /** FLOOD_SLEEP_THRESHOLD in seconds: FloodWaits up to this are waited out, longer ones fail at once. */
  floodSleepThreshold?: number;
}

export async function invoke<R extends Api.AnyRequest>(client: TelegramClient, request: R, opts: CallOptions = {}): Promise<R["__response"]> {
  if (opts.floodSleepThreshold !== undefined && client.floodSleepThreshold !== opts.floodSleepThreshold) {
    client.floodSleepThreshold = opts.floodSleepThreshold;
  }
  const { signal } = opts;
  if (!signal) return client.invoke(request);
  if (signal.aborted) throw cancelled();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(cancelled());
    signal.addEventListener("abort", onAbort, { once: true });
  });
  const call = client.invoke(request);
  call.catch(() => {}); // if the abort wins, a later failure of the call must not go unhandled
  try {
    return await Promise.race([call, aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort!);
  }
}

function cancelled(): ToolError {
  return new ToolError("TelegramError", "The call was cancelled by the client.", { retryable: true });
}
