// The one retry loop of the program. The platform client (api/http.ts) and Twilio's
// (twilio/client.ts) both send through it, so `--retries`, the overall deadline, the backoff,
// `Retry-After` and "never retry a timeout" mean the same for every request the CLI makes.
// Which answers may be retried is the caller's word (`retryReasonOf`); what a final answer
// means (an error or data) is the caller's business too.
import { NetworkError } from "../errors.ts";
import { formatFailureLine, formatRequestLine, formatResponseLine, formatRetryLine } from "./debug-log.ts";
import { retryDelay, sleep, transportRetryReason, type RetryMode } from "./retry.ts";
import { sendOnce, type RawAnswer, type WireRequest } from "./transport.ts";

/** How hard to try: the same for every client, from the command line's `--retries` and `--timeout`. */
export interface RetryPolicy {
  /** Extra attempts after a retryable failure (`--retries`). */
  retries: number;
  /** First backoff step in milliseconds (tests pass 1). */
  baseMs: number;
  /** Deadline of one attempt (`--timeout`). */
  timeoutMs: number;
  /** Deadline of the whole call, retries and waits included. */
  deadlineMs: number;
  signal?: AbortSignal;
  debug?: (line: string) => void;
  /** The deadline's name in a timeout's hint; default `--timeout`. */
  timeoutOption?: string;
}

/** One request to send, and how to read its answers. */
export interface RetriedRequest {
  wire: WireRequest;
  /** "idempotent" may be repeated after any transient failure; "unsent-only" only when it cannot have gone. */
  mode: RetryMode;
  /** Why this answer may be tried again, or undefined when it is final (success or a refusal). */
  retryReasonOf(answer: RawAnswer): string | undefined;
  /** The request's headers and body as the log may show them; default the wire's. */
  shown?: { headers: Record<string, string>; body?: unknown };
  /** Applied to each answer's body before it is logged or returned (drop what must never be kept). */
  readBody?(body: unknown): unknown;
  /** The answer's request id, for the log line. */
  requestIdOf?(answer: RawAnswer): string | undefined;
}

export interface RetriedAnswer {
  answer: RawAnswer;
  attempts: number;
}

/** The overall deadline of a call when none is given: twice the per-request timeout, at least 60 s. */
export function defaultDeadlineMs(timeoutMs: number): number {
  return Math.max(2 * timeoutMs, 60_000);
}

/**
 * Sends `req` until its answer is final, the retries are spent, or waiting once more would pass the
 * deadline; resolves with the last answer, throws the last NetworkError when nothing answered.
 */
export async function sendWithRetries(loaded: Parameters<typeof sendOnce>[0], req: RetriedRequest, policy: RetryPolicy): Promise<RetriedAnswer> {
  const { wire, mode } = req;
  const { debug } = policy;
  const deadline = Date.now() + policy.deadlineMs;
  const shown = debug && (req.shown ?? { headers: wire.headers, body: wire.payload === undefined ? undefined : JSON.parse(wire.payload) });
  for (let attempt = 1; ; attempt++) {
    if (shown) debug(formatRequestLine(attempt, wire.method, wire.url.href, shown.headers, shown.body));
    const started = Date.now();
    let answer: RawAnswer;
    try {
      answer = await sendOnce(loaded, wire, Math.max(1, Math.min(policy.timeoutMs, deadline - Date.now())), policy.signal, policy.timeoutOption);
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      debug?.(formatFailureLine(wire.method, wire.url.href, Date.now() - started, error.message));
      // A timeout is a deliberate deadline: retrying it would silently multiply it.
      const reason = error.kind === "timeout" ? undefined : transportRetryReason(error.kind, mode);
      if (reason === undefined || attempt > policy.retries || !(await waitBeforeRetry(attempt, reason, undefined))) throw error;
      continue;
    }
    if (req.readBody) answer = { ...answer, body: req.readBody(answer.body) };
    debug?.(formatResponseLine(wire.method, wire.url.href, answer.status, answer.durationMs, req.requestIdOf?.(answer), answer.body));
    const reason = req.retryReasonOf(answer);
    if (reason === undefined || attempt > policy.retries || !(await waitBeforeRetry(attempt, reason, answer.headers["retry-after"]))) {
      return { answer, attempts: attempt };
    }
  }

  /** Waits before the next attempt; false (no wait) when that attempt could not end before the deadline. */
  async function waitBeforeRetry(attempt: number, reason: string, retryAfter: string | undefined): Promise<boolean> {
    const delay = retryDelay(attempt - 1, policy.baseMs, retryAfter);
    if (Date.now() + delay.ms >= deadline) {
      debug?.(`no retry of ${wire.method} ${wire.path}: waiting ${delay.ms} ms (${delay.source}) would pass the overall deadline`);
      return false;
    }
    debug?.(formatRetryLine(wire.method, wire.path, attempt, policy.retries, reason, delay.ms, delay.source));
    await sleep(delay.ms, policy.signal);
    return true;
  }
}
