// One door for every Telegram call the tools make: applies the FloodWait policy and the
// caller's abort signal. tgmcp waits FloodWaits out here rather than inside gramjs (whose
// clients are built with floodSleepThreshold 0), so that every FloodWait passes the session
// pool's instrumented invoke and is counted in /metrics, and so that a cancelled call stops
// waiting. A FloodWait longer than the threshold is thrown (mapped to RateLimited by errors.ts).
import { errors, type Api, type TelegramClient } from "telegram";
import { ToolError } from "./errors.js";

export interface CallOptions {
  signal?: AbortSignal;
  /** FLOOD_SLEEP_THRESHOLD in seconds: FloodWaits up to this are waited out, longer ones fail at once. */
  floodSleepThreshold?: number;
}

/** As gramjs: a call is retried after at most this many waits before the FloodWait is returned. */
const MAX_FLOOD_RETRIES = 3;

export async function invoke<R extends Api.AnyRequest>(client: TelegramClient, request: R, opts: CallOptions = {}): Promise<R["__response"]> {
  const threshold = opts.floodSleepThreshold ?? 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await invokeOnce(client, request, opts.signal);
    } catch (err) {
      const seconds = floodWaitSeconds(err);
      if (seconds === undefined || seconds > threshold || attempt >= MAX_FLOOD_RETRIES) throw err;
      await sleep(seconds * 1000, opts.signal);
    }
  }
}

/** The wait Telegram asks for, when the error is a FloodWait of some kind. */
export function floodWaitSeconds(err: unknown): number | undefined {
  const isFlood = err instanceof errors.FloodWaitError || err instanceof errors.SlowModeWaitError || err instanceof errors.FloodTestPhoneWaitError;
  return isFlood ? (err as { seconds: number }).seconds : undefined;
}

async function invokeOnce<R extends Api.AnyRequest>(client: TelegramClient, request: R, signal?: AbortSignal): Promise<R["__response"]> {
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

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function cancelled(): ToolError {
  return new ToolError("TelegramError", "The call was cancelled by the client.", { retryable: true });
}
