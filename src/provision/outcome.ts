// Which failures of a request leave its outcome unknown. A POST /instances that failed this
// way may have created the instance, so it is never simply sent again: the caller asks the
// platform first (src/provision/create-once.ts).
import { ApiError, InterruptedError, NetworkError } from "../errors.ts";
import type { Vocabulary } from "../context.ts";
import { UnreadableAnswerError } from "../api/instance-answer.ts";

/** Statuses after which the platform may still have applied the request (a proxy or gateway answered, or it failed mid-way). */
const UNKNOWN_STATUSES = new Set([408, 425, 500, 502, 503, 504]);

/**
 * True when the request may or may not have taken effect: no answer after it was sent
 * (reset, timeout, broken connection) or a 5xx/408/425. A refused connection, a DNS failure,
 * TLS or proxy trouble, 429 and every other 4xx mean it did not. A 2xx answer that names no
 * instance (a proxy's HTML page, an array) says nothing either way.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  if (error instanceof UnreadableAnswerError) return error.instanceId === undefined;
  if (error instanceof NetworkError) return error.kind === "reset" || error.kind === "timeout" || error.kind === "other";
  if (error instanceof ApiError) return error.status !== undefined && UNKNOWN_STATUSES.has(error.status);
  return false;
}

/** The error to report when Ctrl-C came while an instance may have been created. */
export function interruptedWhileCreating(name: string, operationId: string, words: Vocabulary): InterruptedError {
  return new InterruptedError(
    `Interrupted while creating instance "${name}": it may have been created on the platform (operation ${operationId}). ` +
      `Run ${words.again("provision", words.option("if-exists", "skip"))} to adopt it and store its token, or look with: ${words.command("instances list --remote")}`,
  );
}

/** A waiting time before the next check: exponential with full jitter, like the HTTP client's. */
export function checkDelayMs(round: number, baseMs = 250): number {
  return Math.floor(Math.random() * Math.min(4_000, baseMs * 2 ** round));
}
