// How fast one service (a platform origin, a Twilio account) may be sent requests, shared by
// every request to it: a 429 pauses all of them, not only the one refused, until a "not before"
// instant (the service's Retry-After, jittered, or an exponential backoff with full jitter), and
// from the first 429 on a pacer spaces requests at a rate that adapts as TCP's window does
// (AIMD): cut by a factor on each 429, raised by a step each second without one, never above
// --max-rate. Before the first 429 nothing is held back (but --max-rate, when given).
// It never sleeps itself: it answers "when may this request go", so a fake clock tests it.
import type { RatePolicy } from "../context.ts";
import { backoffMs, parseRetryAfter } from "./retry.ts";

export interface RatePolicyOptions {
  /** Never more requests a second than this (`--max-rate`); none when absent. */
  maxRate?: number;
  /** First backoff step in milliseconds, when a 429 says no Retry-After; default 250. */
  baseMs?: number;
  now?: () => number;
  random?: () => number;
}

/** Each 429 cuts the rate to this share of what it was. */
export const RATE_CUT = 0.8;
/** Each second without a 429 raises the rate by this share of the rate last cut, and by at least MIN_STEP. */
export const RAISE_SHARE = 0.02;
export const MIN_STEP = 0.5;
/** The slowest the pacer goes, so that a run always moves. */
export const MIN_RATE = 0.5;
/** A Retry-After is waited for, plus up to this share of it, so that no two runs wake together. */
export const RETRY_AFTER_JITTER = 0.1;
/** A rate is measured over at least this long (a burst is not a rate). */
const MIN_MEASURE_MS = 100;
/** How many of the last requests the first cut measures the rate they went at over. */
const RECENT_SENDS = 16;

export function createRatePolicy(options: RatePolicyOptions = {}): RatePolicy & { readonly rateLimited: number; readonly waitedMs: number } {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const baseMs = options.baseMs ?? 250;
  const maxRate = options.maxRate;
  /** The requests per second the pacer holds to; undefined: only --max-rate, if any. */
  let rate: number | undefined;
  /** The step the rate is raised by each second without a 429. */
  let step = 1;
  let nextSlot = 0;
  let notBefore = 0;
  /** What the service asked for when it set `notBefore` (undefined when it was a backoff). */
  let askedMs: number | undefined;
  /** When the last 429 that counted came; a 429 to a request sent before it says nothing new. */
  let lastCutAt = -Infinity;
  let lastRaiseAt = 0;
  /** Successive 429s without an answer in between: the backoff's exponent. */
  let streak = 0;
  /** When the last pause ended: answers before it say nothing of the rate the service allows now. */
  let resumedAt = now();
  /** When the answers of the last second came, since the last pause. */
  const answers: number[] = [];
  /** When the last requests went, for the rate they went at (at most one second of them). */
  const sent: number[] = [];
  let rateLimited = 0;
  /** The 429s that paused the service: a turn reserved before one is no longer valid. */
  let pauses = 0;
  let waitedMs = 0;
  let pausedUntil = 0;

  const cap = (value: number) => Math.max(MIN_RATE, maxRate === undefined ? value : Math.min(maxRate, value));
  /** The pacer's rate now: raised by one step for each whole second since the last 429 or raise. */
  const currentRate = (at: number): number | undefined => {
    if (rate === undefined) return maxRate;
    const seconds = Math.floor((at - Math.max(lastRaiseAt, lastCutAt)) / 1000);
    if (seconds > 0) {
      rate = cap(rate + seconds * step);
      lastRaiseAt = Math.max(lastRaiseAt, lastCutAt) + seconds * 1000;
    }
    return rate;
  };

  /**
   * The rate requests went at just before the first 429: over the last RECENT_SENDS of them (an
   * idle moment before, such as the batch's start, would make it look slower), a burst counting as 100 ms.
   */
  const sentRate = (t: number): number => rateOver(sent, t, -Infinity) ?? 1000 / MIN_MEASURE_MS;

  return {
    get rateLimited() {
      return rateLimited;
    },
    get waitedMs() {
      return waitedMs;
    },
    reserve(deadline) {
      const t = now();
      const paced = currentRate(t);
      const at = Math.max(t, notBefore, paced === undefined ? t : nextSlot);
      if (at >= deadline) return askedMs !== undefined && notBefore >= deadline ? { blocked: true, askedMs } : { blocked: true };
      if (paced !== undefined) nextSlot = at + 1000 / paced;
      if (rate === undefined) {
        // Only needed until the first cut, and only the last few.
        sent.push(at);
        if (sent.length > RECENT_SENDS) sent.shift();
      }
      // The time paused for 429s: the union of the waits for `notBefore`, not their sum.
      if (notBefore > t) {
        waitedMs += Math.max(0, notBefore - Math.max(t, pausedUntil));
        pausedUntil = Math.max(pausedUntil, notBefore);
      }
      return { at, pauses };
    },
    stillValid(turn) {
      return turn.pauses === pauses;
    },
    refused(sentAt, retryAfter) {
      rateLimited++;
      const t = now();
      // Every request in flight when the limit was reached is refused too: one cut per crowd.
      if (sentAt < lastCutAt) return undefined;
      // The first cut starts from the rate requests went at; a later one from the pacer's rate,
      // or from the rate the service answered at since the last pause when that is lower: a cut
      // from too high a rate only leads to the next 429, and each costs every request a pause.
      // (Before the first 429 the answers measure the run's start as much as the service.)
      const from = rate === undefined ? Math.min(sentRate(t), maxRate ?? Infinity) : Math.min(rate, rateOver(answers, t, resumedAt, t - lastCutAt) ?? Infinity);
      rate = cap(from * RATE_CUT);
      step = Math.max(MIN_STEP, from * RAISE_SHARE);
      const asked = parseRetryAfter(retryAfter, t);
      const pause = asked === undefined ? backoffMs(streak, baseMs, random) : Math.round(asked * (1 + RETRY_AFTER_JITTER * random()));
      streak++;
      askedMs = asked;
      notBefore = Math.max(notBefore, t + pause);
      nextSlot = notBefore; // the turns reserved before this 429 are void (stillValid): none holds a slot
      lastCutAt = t;
      lastRaiseAt = t;
      pauses++;
      resumedAt = notBefore;
      answers.length = 0;
      return { pauseMs: pause, source: asked === undefined ? "backoff" : "Retry-After" };
    },
    answered(sentAt) {
      if (rate !== undefined && sentAt >= resumedAt) record(answers, now()); // read by the cuts after the first
      streak = 0;
    },
    pacedRate() {
      return rate === undefined ? undefined : currentRate(now());
    },
  };
}

/** Adds `t` to `times`, forgetting those more than a second older. */
function record(times: number[], t: number): void {
  if (times.length >= 64) forgetBefore(times, t - 1000);
  times.push(t);
}

function forgetBefore(times: number[], t: number): void {
  let old = 0;
  while (old < times.length && (times[old] ?? t) < t) old++;
  if (old > 0) times.splice(0, old);
}

/**
 * Events a second over the last second of `times` after `since`; undefined when there are fewer than two.
 * Over at least 100 ms (a burst is not a rate), or over `upToMs` when that is shorter: after a
 * short pause, the answers of the next few milliseconds are the service's rate, not a burst.
 */
function rateOver(times: number[], t: number, since: number, upToMs = MIN_MEASURE_MS): number | undefined {
  forgetBefore(times, Math.max(since, t - 1000));
  const first = times[0];
  // One event is no rate: it says when, not how often.
  return first === undefined || times.length < 2 ? undefined : (times.length * 1000) / Math.max(Math.min(MIN_MEASURE_MS, upToMs), t - first, 1);
}
