// The one retry loop of the program. The platform client (api/http.ts) and Twilio's
// (twilio/client.ts) both send through it, so `--retries`, the overall deadline, the backoff,
// `Retry-After` and "never retry a timeout" mean the same for every request the CLI makes.
// Every attempt first waits for its turn from the service's rate policy (rate-policy.ts); a
// 429 is not a failure: it is told to that policy, which pauses and paces every request to
// the service, and it is tried again without spending `--retries`, until the deadline.
// Which answers may be retried is the caller's word (`retryReasonOf`); what a final answer
// means (an error or data) is the caller's business too.
import type { ApiWords, RatePolicy } from "../context.ts";
import { ApiError, NetworkError } from "../errors.ts";
import { formatFailureLine, formatRequestLine, formatResponseLine, formatRetryLine } from "./debug-log.ts";
import { createSleeper, retryDelay, transportRetryReason, type RetryMode, type Sleep } from "./retry.ts";
import { formatSeconds, sendOnce, type RawAnswer, type WireRequest } from "./transport.ts";

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
  /** The service's rate policy, shared by every request to it; none: nothing is paced. */
  rate?: RatePolicy;
  /** Who answers, for the message when its rate limit outlasts the deadline ("the platform", "Twilio"). */
  service?: string;
  /** The client's one sleep (one abort listener for all its waits); default one for this call. */
  sleep?: Sleep;
  /** The deadline's name in a timeout's hint; default `--timeout`. */
  words?: ApiWords;
}

/** One request to send, and how to read its answers. */
export interface RetriedRequest {
  wire: WireRequest;
  /** "idempotent" may be repeated after any transient failure; "unsent-only" only when it cannot have gone. */
  mode: RetryMode;
  /** Why this answer may be tried again, or undefined when it is final (success or a refusal). */
  retryReasonOf(answer: RawAnswer): string | undefined;
  /** True when the answer says "too many requests" (default: status 429). */
  rateLimitedOf?(answer: RawAnswer): boolean;
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
 * deadline; resolves with the last answer, throws the last NetworkError when nothing answered, and
 * an ApiError "unavailable" (exit 6) when the service's rate limit holds it past the deadline.
 */
export async function sendWithRetries(loaded: Parameters<typeof sendOnce>[0], req: RetriedRequest, policy: RetryPolicy): Promise<RetriedAnswer> {
  const { wire, mode } = req;
  const { debug, rate } = policy;
  const sleep = policy.sleep ?? createSleeper(policy.signal);
  const rateLimitedOf = req.rateLimitedOf ?? ((answer: RawAnswer) => answer.status === 429);
  const deadline = Date.now() + policy.deadlineMs;
  const shown = debug && (req.shown ?? { headers: wire.headers, body: wire.payload === undefined ? undefined : JSON.parse(wire.payload) });
  let retried = 0;
  let refusals = 0;
  for (let attempt = 1; ; attempt++) {
    const sentAt = await waitForTurn();
    if (shown) debug(formatRequestLine(attempt, wire.method, wire.url.href, shown.headers, shown.body));
    const started = Date.now();
    let answer: RawAnswer;
    try {
      answer = await sendOnce(loaded, wire, Math.max(1, Math.min(policy.timeoutMs, deadline - Date.now())), policy.signal, policy.words);
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      debug?.(formatFailureLine(wire.method, wire.url.href, Date.now() - started, error.message));
      // A timeout is a deliberate deadline: retrying it would silently multiply it.
      const reason = error.kind === "timeout" ? undefined : transportRetryReason(error.kind, mode);
      if (reason === undefined || retried >= policy.retries || !(await waitBeforeRetry(++retried, reason, undefined))) throw error;
      continue;
    }
    if (req.readBody) answer = { ...answer, body: req.readBody(answer.body) };
    debug?.(formatResponseLine(wire.method, wire.url.href, answer.status, answer.durationMs, req.requestIdOf?.(answer), answer.body));
    if (rate && rateLimitedOf(answer)) {
      // Not a failure: the policy pauses every request to the service; this one waits its turn again.
      const pause = rate.refused(sentAt, answer.headers["retry-after"]);
      refusals++;
      const paused = pause ? `every request to ${policy.service ?? "the platform"} waits ${pause.pauseMs} ms (${pause.source}), then goes paced` : "already paused and paced";
      debug?.(`rate-limited: ${answer.status} on ${wire.method} ${wire.path}; ${paused}; sent again, --retries not spent`);
      continue;
    }
    rate?.answered(sentAt);
    const reason = req.retryReasonOf(answer);
    if (reason === undefined || retried >= policy.retries || !(await waitBeforeRetry(++retried, reason, answer.headers["retry-after"]))) {
      return { answer, attempts: attempt };
    }
  }

  /** Waits until the rate policy lets this attempt go (asking again if a 429 paused it meanwhile); the moment it went. */
  async function waitForTurn(): Promise<number> {
    if (!rate) return Date.now();
    for (;;) {
      const turn = rate.reserve(deadline);
      if ("blocked" in turn) throw rateLimitPastDeadline(turn.askedMs);
      const waitMs = turn.at - Date.now();
      if (waitMs > 0) await sleep(waitMs);
      if (rate.stillValid(turn)) return turn.at;
    }
  }

  function rateLimitPastDeadline(askedMs: number | undefined): ApiError {
    const service = policy.service ?? "the platform";
    const why = askedMs !== undefined ? `${service} asks to wait ${formatSeconds(askedMs)} s (429, Retry-After)` : `${service} keeps answering 429 (too many requests)`;
    return new ApiError(
      "unavailable",
      `${wire.method} ${wire.path} was not sent${refusals > 0 ? " again" : ""}: ${why}, longer than this request's deadline of ${formatSeconds(policy.deadlineMs)} s allows.`,
      429,
      undefined,
      "Run it again later, or with a lower --max-rate or --concurrency; a larger --timeout gives the deadline (twice --timeout, at least 60 s) more room.",
    );
  }

  /** Waits before the next attempt; false (no wait) when that attempt could not end before the deadline. */
  async function waitBeforeRetry(retry: number, reason: string, retryAfter: string | undefined): Promise<boolean> {
    const delay = retryDelay(retry - 1, policy.baseMs, retryAfter);
    if (Date.now() + delay.ms >= deadline) {
      debug?.(`no retry of ${wire.method} ${wire.path}: waiting ${delay.ms} ms (${delay.source}) would pass the overall deadline`);
      return false;
    }
    debug?.(formatRetryLine(wire.method, wire.path, retry, policy.retries, reason, delay.ms, delay.source));
    await sleep(delay.ms);
    return true;
  }
}
