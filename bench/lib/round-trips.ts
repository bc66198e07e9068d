// Sequential round trips of one tool call, counted from the sandbox's side: every RPC the call
// made, with when it reached the sandbox (`at`) and when its answer was ready (`doneAt`; with
// latency injection the answer leaves RTT later). An RPC depends on an earlier one when it
// arrived after that one's answer could have reached tgmcp; the count is the longest chain of
// such dependencies. This counts waves; it does not divide time by the RTT.

export interface TimedRpc {
  method: string;
  /** performance.now() in the sandbox process when the request was dispatched. */
  at: number;
  /** When its answer was ready (it is delivered rttMs later). */
  doneAt: number;
  /** When the answer was serialized, encrypted and written, before the injected RTT (defaults to doneAt). */
  sentAt?: number;
}

/**
 * The longest chain of RPCs in which each was sent after the answer to the previous one arrived.
 * Needs an injected RTT: without one, requests a connection serializes would look sequential.
 * A request is taken as sent after an answer when it arrived at least 0.9 RTT after that answer
 * was ready: a dependent one cannot arrive sooner than 1 RTT, a parallel one arrives within a
 * few ms of its siblings (the margin absorbs timer rounding).
 */
export function sequentialRoundTrips(rpcs: readonly TimedRpc[], rttMs: number): number {
  return waves(rpcs, rttMs).length;
}

/** The methods of each wave (wave k depends on an answer of wave k-1): why a count is what it is. */
export function waves(rpcs: readonly TimedRpc[], rttMs: number): string[][] {
  return rpcWaves(rpcs, rttMs).map((w) => w.map((r) => r.method));
}

/**
 * The sandbox's own time on the call's critical path: per wave, from the first request's arrival
 * to the last answer written (before the injected RTT), summed over the waves. Against Telegram
 * this time is inside the RTT one measures; against the sandbox it comes on top of the injected
 * RTT, so it is reported apart from tgmcp's time.
 */
export function sandboxServiceMs(rpcs: readonly TimedRpc[], rttMs: number): number {
  let ms = 0;
  for (const w of rpcWaves(rpcs, rttMs)) ms += Math.max(...w.map((r) => r.sentAt ?? r.doneAt)) - Math.min(...w.map((r) => r.at));
  return ms;
}

function rpcWaves(rpcs: readonly TimedRpc[], rttMs: number): TimedRpc[][] {
  if (!(rttMs > 0)) throw new Error("counting round trips needs an injected RTT (> 0 ms)");
  const sorted = [...rpcs].sort((a, b) => a.at - b.at);
  const depth: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let d = 1;
    for (let j = 0; j < i; j++) if (sorted[i]!.at >= sorted[j]!.doneAt + 0.9 * rttMs) d = Math.max(d, depth[j]! + 1);
    depth.push(d);
  }
  const out: TimedRpc[][] = [];
  sorted.forEach((r, i) => (out[depth[i]! - 1] ??= []).push(r));
  return out;
}
