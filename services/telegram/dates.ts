// Date filters of the search tools: ISO dates or datetimes, UTC when no zone is given.
// A date-only max_date means "up to the end of that day" (fast-mcp-telegram drops the day).
import { invalidParameter } from "./errors.js";

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// 2024-01-15T10:30, 2024-01-15 10:30:05, with optional fraction and zone (Z, +02:00, +0200).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export const DATE_FORMAT_HELP = "Use an ISO date like 2024-01-15 or a datetime like 2024-01-15T10:30:00 (UTC unless a zone such as Z or +02:00 is given).";

function validDay(y: number, mo: number, d: number): boolean {
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * Parses a date parameter to unix seconds (inclusive bound).
 * For `max`, a date-only value is the last second of that day.
 */
export function parseDateBound(value: string, name: string, bound: "min" | "max"): number {
  const v = value.trim();
  let m = DATE_ONLY.exec(v);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!validDay(y, mo, d)) throw invalidParameter(`${name} "${value}" is not a real calendar date. ${DATE_FORMAT_HELP}`);
    const start = Date.UTC(y, mo - 1, d) / 1000;
    return bound === "min" ? start : start + 86400 - 1;
  }
  m = DATE_TIME.exec(v);
  if (m) {
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m![i] ?? 0));
    if (!validDay(y, mo, d) || h > 23 || mi > 59 || s > 59) {
      throw invalidParameter(`${name} "${value}" is not a valid date and time. ${DATE_FORMAT_HELP}`);
    }
    let offsetMin = 0;
    const zone = m[8];
    if (zone && zone.toUpperCase() !== "Z") {
      const sign = zone[0] === "-" ? -1 : 1;
      const digits = zone.slice(1).replace(":", "");
      offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
    }
    let secs = Date.UTC(y, mo - 1, d, h, mi, s) / 1000 - offsetMin * 60;
    // A fractional max bound still includes the whole second it falls in; a min bound rounds up.
    if (m[7] && Number(m[7]) > 0 && bound === "min") secs += 1;
    return secs;
  }
  throw invalidParameter(`${name} "${value}" is not an ISO date. ${DATE_FORMAT_HELP}`);
}

export interface DateRange {
  /** Inclusive lower bound, unix seconds. */
  min?: number;
  /** Inclusive upper bound, unix seconds. */
  max?: number;
}

export function parseDateRange(minDate?: string, maxDate?: string): DateRange {
  const r: DateRange = {};
  if (minDate !== undefined && minDate !== "") r.min = parseDateBound(minDate, "min_date", "min");
  if (maxDate !== undefined && maxDate !== "") r.max = parseDateBound(maxDate, "max_date", "max");
  if (r.min !== undefined && r.max !== undefined && r.min > r.max) {
    throw invalidParameter(`min_date (${minDate}) is after max_date (${maxDate}); nothing can match.`);
  }
  return r;
}

export function inRange(date: number, r: DateRange): boolean {
  return (r.min === undefined || date >= r.min) && (r.max === undefined || date <= r.max);
}

/**
 * Telegram's min_date/max_date parameters. Telegram treats them as exclusive on some methods
 * and inclusive on others, so we widen by one second and filter exactly on our side.
 */
export function telegramDateParams(r: DateRange): { minDate?: number; maxDate?: number } {
  return {
    ...(r.min !== undefined ? { minDate: Math.max(0, r.min - 1) } : {}),
    ...(r.max !== undefined ? { maxDate: r.max + 1 } : {}),
  };
}

/** Unix seconds to the ISO form tools return: 2024-01-15T10:30:00Z. */
export function isoDate(unixSeconds: number): string {
  // Every message of a result has a date: the day part comes from a small cache and the time is
  // written directly, about 5x cheaper than a Date and toISOString each (the same text).
  if (!Number.isSafeInteger(unixSeconds) || unixSeconds < 0 || unixSeconds >= MAX_4_DIGIT_YEAR) return isoDateSlow(unixSeconds);
  const day = Math.floor(unixSeconds / 86400);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * 86_400_000).toISOString().slice(0, 11); // "2024-01-15T"
    if (dayPrefix.size >= 4096) dayPrefix.clear();
    dayPrefix.set(day, prefix);
  }
  const t = unixSeconds - day * 86400;
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  return `${prefix}${h < 10 ? "0" : ""}${h}:${m < 10 ? "0" : ""}${m}:${sec < 10 ? "0" : ""}${sec}Z`;
}

/** 10000-01-01T00:00:00Z: from there toISOString writes a 6-digit year. */
const MAX_4_DIGIT_YEAR = 253_402_300_800;
const dayPrefix = new Map<number, string>();

/** The reference form (and the path for values outside 1970-9999 or not whole seconds). */
export function isoDateSlow(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(".000Z", "Z");
}
