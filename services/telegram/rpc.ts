// Building blocks of the call policy that AccountSession.invoke applies to every Telegram call:
// FloodWait recognition, an abortable wait and an abortable call. tgmcp waits FloodWaits out in
// AccountSession rather than inside gramjs (whose clients are built with floodSleepThreshold 0),
// so that each FloodWait is counted in /metrics and a cancelled call stops waiting.
import { errors } from "telegram";
import { ToolError } from "./errors.js";

/** What services pass along with each call: the caller's abort signal. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** As gramjs: a call is retried after at most this many waits before the FloodWait is returned. */
export const MAX_FLOOD_RETRIES = 3;

/** The wait Telegram asks for, when the error is a FloodWait of some kind. */
export function floodWaitSeconds(err: unknown): number | undefined {
  const isFlood = err instanceof errors.FloodWaitError || err instanceof errors.SlowModeWaitError || err instanceof errors.FloodTestPhoneWaitError;
  return isFlood ? (err as { seconds: number }).seconds : undefined;
}

/** Runs `call`; when `signal` aborts first, rejects at once (the call's own outcome is then ignored). */
export async function raceAbort<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return call();
  if (signal.aborted) throw cancelled();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(cancelled());
    signal.addEventListener("abort", onAbort, { once: true });
  });
  const p = call();
  p.catch(() => {}); // if the abort wins, a later failure of the call must not go unhandled
  try {
    return await Promise.race([p, aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort!);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
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
