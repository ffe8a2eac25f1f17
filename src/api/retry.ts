// When a failed attempt may be repeated, and after how long. Idempotent calls are retried on
// transport failures and on the statuses that mean "try again"; a POST only when it cannot have
// taken effect. A timeout is never retried: it is a deliberate deadline, and retrying would
// silently multiply it.
import type { NetworkErrorKind } from "../errors.ts";
import { InterruptedError } from "../errors.ts";

export type RetryMode = "idempotent" | "unsent-only";

const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);
const BACKOFF_CAP_MS = 8_000;
const TWILIO_TOO_MANY_REQUESTS = 20429;

/** Why an answer may be retried, or undefined when it may not. */
export function statusRetryReason(status: number, mode: RetryMode, twilioCode?: number): string | undefined {
  if (twilioCode === TWILIO_TOO_MANY_REQUESTS) return "Twilio 20429 (too many requests)";
  if (status === 429) return "429 (too many requests)";
  if (mode === "idempotent" && RETRY_STATUSES.has(status)) return `status ${status}`;
  return undefined;
}

/** True when the answer says "too many requests": 429, or Twilio's 20429 whatever its status. */
export function isRateLimited(status: number, twilioCode?: number): boolean {
  return status === 429 || twilioCode === TWILIO_TOO_MANY_REQUESTS;
}

/** Why a transport failure may be retried, or undefined when it may not. */
export function transportRetryReason(kind: NetworkErrorKind, mode: RetryMode): string | undefined {
  // Refused and unresolved connections never carried the request: safe even for a POST.
  if (kind === "refused" || kind === "dns") return kind === "dns" ? "DNS lookup failed" : "connection refused";
  if (mode === "idempotent" && (kind === "reset" || kind === "other")) return kind === "reset" ? "connection reset" : "transport failure";
  return undefined;
}

/** A Retry-After beyond a day is no plan anyone means to keep: read as no header at all. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * `Retry-After` (seconds or an HTTP date) in milliseconds; undefined when absent, unreadable,
 * negative (a date in the past) or absurd (more than a day), which all mean "back off as usual".
 * It is not cut short: a wait longer than the call's deadline ends the call (send-with-retries.ts).
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else if (/^[A-Za-z]{3},/.test(text)) ms = Date.parse(text) - now;
  else return undefined;
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_RETRY_AFTER_MS) return undefined;
  return Math.round(ms);
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

/** Waits `ms`, or rejects with InterruptedError as soon as the client's signal aborts (Ctrl-C). */
export type Sleep = (ms: number) => Promise<void>;

/** Runs `listener` on abort, until the returned function is called. */
export type OnAbort = (listener: () => void) => () => void;

/**
 * One abort listener on `signal` for many waiters: added while any waits, removed when none does,
 * so 64 workers waiting at once add one listener, not 64 (past Node's 10 it prints a
 * MaxListenersExceededWarning), and a host's long-lived signal keeps nothing once they are done.
 */
export function createAbortHub(signal?: AbortSignal): OnAbort {
  const listeners = new Set<() => void>();
  const onAbort = () => {
    for (const listener of [...listeners]) listener();
    listeners.clear();
  };
  return (listener) => {
    if (!signal) return () => undefined;
    if (listeners.size === 0) signal.addEventListener("abort", onAbort, { once: true });
    listeners.add(listener);
    return () => {
      if (listeners.delete(listener) && listeners.size === 0) signal.removeEventListener("abort", onAbort);
    };
  };
}

/** A sleep for every wait of one client, with one abort listener for all of them (createAbortHub, or the one given). */
export function createSleeper(signal?: AbortSignal, onAbort: OnAbort = createAbortHub(signal)): Sleep {
  return (ms) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new InterruptedError());
        return;
      }
      const stop = onAbort(() => {
        clearTimeout(timer);
        reject(new InterruptedError());
      });
      const timer = setTimeout(() => {
        stop();
        resolve();
      }, ms);
    });
}

/** Waits `ms`, or rejects with InterruptedError as soon as `signal` aborts; through `onAbort` when many wait at once (a batch's items). */
export function sleep(ms: number, signal?: AbortSignal, onAbort?: OnAbort): Promise<void> {
  return createSleeper(signal, onAbort)(ms);
}
