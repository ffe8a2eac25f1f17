// When a failed attempt may be repeated, and after how long. Idempotent calls are retried on
// transport failures and on the statuses that mean "try again"; a POST only when it cannot have
// taken effect. A timeout is never retried: it is a deliberate deadline, and retrying would
// silently multiply it.
import type { NetworkErrorKind } from "../errors.ts";
import { InterruptedError } from "../errors.ts";

export type RetryMode = "idempotent" | "unsent-only";

const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);
const BACKOFF_CAP_MS = 8_000;
const RETRY_AFTER_CAP_MS = 30_000;
const TWILIO_TOO_MANY_REQUESTS = 20429;

/** Why an answer may be retried, or undefined when it may not. */
export function statusRetryReason(status: number, mode: RetryMode, twilioCode?: number): string | undefined {
  if (twilioCode === TWILIO_TOO_MANY_REQUESTS) return "Twilio 20429 (too many requests)";
  if (status === 429) return "429 (too many requests)";
  if (mode === "idempotent" && RETRY_STATUSES.has(status)) return `status ${status}`;
  return undefined;
}

/** Why a transport failure may be retried, or undefined when it may not. */
export function transportRetryReason(kind: NetworkErrorKind, mode: RetryMode): string | undefined {
  // Refused and unresolved connections never carried the request: safe even for a POST.
  if (kind === "refused" || kind === "dns") return kind === "dns" ? "DNS lookup failed" : "connection refused";
  if (mode === "idempotent" && (kind === "reset" || kind === "other")) return kind === "reset" ? "connection reset" : "transport failure";
  return undefined;
}

/** `Retry-After` (seconds or an HTTP date) in milliseconds, capped at 30 s; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) return undefined;
    ms = date - now;
  }
  return Math.min(Math.max(0, Math.round(ms)), RETRY_AFTER_CAP_MS);
}

/** Exponential backoff with full jitter: a random wait below `baseMs * 2^retry`, capped at 8 s. */
export function backoffMs(retry: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, baseMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/** The wait before retry number `retry` (0-based): the server's Retry-After when given, else backoff. */
export function retryDelay(
  retry: number,
  baseMs: number,
  retryAfterHeader: string | undefined,
  now = Date.now(),
  random: () => number = Math.random,
): { ms: number; source: "Retry-After" | "backoff" } {
  const fromServer = parseRetryAfter(retryAfterHeader, now);
  if (fromServer !== undefined) return { ms: fromServer, source: "Retry-After" };
  return { ms: backoffMs(retry, baseMs, random), source: "backoff" };
}

/** Waits `ms`, or rejects with InterruptedError as soon as `signal` aborts (Ctrl-C). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new InterruptedError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new InterruptedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
