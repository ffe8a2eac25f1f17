// The rate policy of one service on a fake clock: the shared pause a 429 sets (Retry-After,
// jittered, or backoff), the AIMD pacer (cut on a 429, raised each quiet second, never above
// --max-rate), absurd headers read as none, and "blocked" when the pause outlasts a deadline.
import { describe, expect, it } from "vitest";
import { MIN_RATE, RAISE_SHARE, RATE_CUT, RETRY_AFTER_JITTER, createRatePolicy } from "../src/api/rate-policy.ts";
import { createRateLimits, platformRateKey, twilioRateKey } from "../src/api/rate-limits.ts";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms), set: (ms: number) => void (t = ms) };
}

const FAR = Number.MAX_SAFE_INTEGER;
const atOf = (turn: { at: number } | { blocked: true }) => {
  if (!("at" in turn)) throw new Error("blocked");
  return turn.at;
};

/** A policy that has sent `count` requests evenly over `overMs`, answered but the last, which got a 429. */
function limitedAfter(count: number, overMs: number, options: Parameters<typeof createRatePolicy>[0] = {}) {
  const c = clock();
  const policy = createRatePolicy({ now: c.now, random: () => 0, ...options });
  let last = 0;
  for (let i = 0; i < count; i++) {
    last = atOf(policy.reserve(FAR));
    if (i < count - 1) policy.answered(last);
    c.advance(overMs / count);
  }
  const pause = policy.refused(last, "0");
  return { c, policy, pause };
}

describe("the rate policy", () => {
  it("holds nothing back before the first 429, and paces at --max-rate when given", () => {
    const c = clock();
    const free = createRatePolicy({ now: c.now });
    for (let i = 0; i < 5; i++) expect(atOf(free.reserve(FAR))).toBe(c.now());
    expect(free.pacedRate()).toBeUndefined();
    const capped = createRatePolicy({ now: c.now, maxRate: 10 });
    expect([0, 1, 2].map(() => atOf(capped.reserve(FAR)) - c.now())).toEqual([0, 100, 200]);
  });

  it("a 429 pauses every request, not only the refused one, for its Retry-After jittered by at most a tenth", () => {
    for (const [random, expected] of [
      [0, 2000],
      [0.999, 2000 * (1 + RETRY_AFTER_JITTER * 0.999)],
    ] as const) {
      const c = clock();
      const policy = createRatePolicy({ now: c.now, random: () => random });
      const refusedAt = atOf(policy.reserve(FAR));
      expect(policy.refused(refusedAt, "2")).toEqual({ pauseMs: Math.round(expected), source: "Retry-After" });
      const other = atOf(policy.reserve(FAR));
      expect(other - c.now()).toBe(Math.round(expected));
      expect(other - c.now()).toBeLessThanOrEqual(2000 * (1 + RETRY_AFTER_JITTER));
    }
  });

  it("reads Retry-After as an HTTP date too", () => {
    const c = clock(Date.parse("2025-01-01T00:00:00Z"));
    const policy = createRatePolicy({ now: c.now, random: () => 0 });
    expect(policy.refused(c.now(), "Wed, 01 Jan 2025 00:00:03 GMT")).toEqual({ pauseMs: 3000, source: "Retry-After" });
  });

  it("a missing, negative, unreadable, past or absurd Retry-After means exponential backoff with full jitter", () => {
    for (const header of [undefined, "", "-3", "soon", "1e9", "Tue, 31 Dec 2024 23:00:00 GMT", "100000", "Fri, 01 Jan 2100 00:00:00 GMT"]) {
      const c = clock(Date.parse("2025-01-01T00:00:00Z"));
      const policy = createRatePolicy({ now: c.now, random: () => 0.5, baseMs: 200 });
      expect(policy.refused(c.now(), header), String(header)).toEqual({ pauseMs: 100, source: "backoff" });
      // A second 429 with no answer in between doubles the ceiling: 0.5 × 200 × 2.
      c.advance(100);
      expect(policy.refused(atOf(policy.reserve(FAR)), header)).toEqual({ pauseMs: 200, source: "backoff" });
    }
  });

  it("the first 429 cuts the rate to a share of the rate requests went at; requests are then spaced at it", () => {
    const { c, policy } = limitedAfter(20, 1000);
    expect(policy.pacedRate()).toBeCloseTo(20 * RATE_CUT);
    const first = atOf(policy.reserve(FAR));
    const second = atOf(policy.reserve(FAR));
    expect(second - first).toBeCloseTo(1000 / (20 * RATE_CUT));
    expect(first).toBeGreaterThanOrEqual(c.now());
  });

  it("each later 429 cuts again; one that answers a request sent before the last cut does not", () => {
    const { c, policy } = limitedAfter(20, 1000);
    const before = c.now() - 1; // sent before the cut: one of the crowd refused together
    expect(policy.refused(before, "0")).toBeUndefined();
    expect(policy.pacedRate()).toBeCloseTo(20 * RATE_CUT);
    c.advance(10);
    expect(policy.refused(atOf(policy.reserve(FAR)), "0")).toBeDefined();
    expect(policy.pacedRate()).toBeCloseTo(20 * RATE_CUT * RATE_CUT);
  });

  it("each second without a 429 raises the rate by a step, never above --max-rate", () => {
    const { c, policy } = limitedAfter(100, 1000);
    const cut = 100 * RATE_CUT;
    expect(policy.pacedRate()).toBeCloseTo(cut);
    c.advance(999);
    expect(policy.pacedRate()).toBeCloseTo(cut);
    c.advance(1);
    const step = 100 * RAISE_SHARE; // a share of the rate it was cut from
    expect(policy.pacedRate()).toBeCloseTo(cut + step);
    c.advance(3000);
    expect(policy.pacedRate()).toBeCloseTo(cut + 4 * step);
    const capped = limitedAfter(100, 1000, { maxRate: 30 });
    expect(capped.policy.pacedRate()).toBeCloseTo(30 * RATE_CUT);
    capped.c.advance(60_000);
    expect(capped.policy.pacedRate()).toBe(30);
  });

  it("a turn reserved before a 429 is void: asked again, it goes after the pause, not behind the void turns", () => {
    const { c, policy } = limitedAfter(20, 1000);
    const turns = Array.from({ length: 10 }, () => policy.reserve(FAR));
    const late = turns.at(-1);
    if (!late || !("at" in late)) throw new Error("blocked");
    expect(policy.stillValid(late)).toBe(true);
    c.advance(5);
    policy.refused(c.now(), "1");
    expect(policy.stillValid(late)).toBe(false);
    expect(atOf(policy.reserve(FAR))).toBe(c.now() + 1000);
  });

  it("never paces below its floor, however many 429s come", () => {
    const { c, policy } = limitedAfter(2, 1000);
    for (let i = 0; i < 30; i++) {
      c.advance(1);
      policy.refused(c.now(), "0");
    }
    expect(policy.pacedRate()).toBe(MIN_RATE);
  });

  it("with no answer yet, the cut starts from the rate requests went at, a burst counting as 100 ms; a later one from the rate answered since the pause when lower", () => {
    const c = clock();
    const policy = createRatePolicy({ now: c.now, random: () => 0 });
    const sentAt = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(() => atOf(policy.reserve(FAR)))[9] ?? 0;
    policy.refused(sentAt, "0");
    expect(policy.pacedRate()).toBeCloseTo(100 * RATE_CUT);
    policy.answered(atOf(policy.reserve(FAR)));
    c.advance(100);
    policy.refused(atOf(policy.reserve(FAR)), "0"); // one answer is no rate: cut from the pacer's
    expect(policy.pacedRate()).toBeCloseTo(100 * RATE_CUT * RATE_CUT);
    policy.answered(atOf(policy.reserve(FAR)));
    policy.answered(atOf(policy.reserve(FAR)));
    c.advance(100);
    policy.refused(atOf(policy.reserve(FAR)), "0"); // two answers in the 100 ms since the pause: 20/s
    expect(policy.pacedRate()).toBeCloseTo(20 * RATE_CUT);
  });

  it("a pause past the deadline blocks the request at once, with the wait the service asked for", () => {
    const c = clock();
    const policy = createRatePolicy({ now: c.now, random: () => 0 });
    policy.refused(atOf(policy.reserve(FAR)), "120");
    expect(policy.reserve(c.now() + 60_000)).toEqual({ blocked: true, askedMs: 120_000 });
    expect(atOf(policy.reserve(c.now() + 121_000))).toBe(c.now() + 120_000);
  });

  it("counts the 429s and the time paused for them once, however many requests waited", () => {
    const c = clock();
    const policy = createRatePolicy({ now: c.now, random: () => 0 });
    policy.refused(atOf(policy.reserve(FAR)), "2");
    for (let i = 0; i < 8; i++) policy.reserve(FAR); // eight workers wait out the same pause
    policy.refused(c.now() - 1, "2"); // a late 429 of the same crowd
    expect(policy.rateLimited).toBe(2);
    expect(policy.waitedMs).toBe(2000);
  });
});

describe("the rate limits of a run", () => {
  it("one policy per platform origin and per Twilio account; stats add up over them", () => {
    const c = clock();
    const limits = createRateLimits({ now: c.now, random: () => 0 });
    const platform = limits.policyFor(platformRateKey("http://127.0.0.1:1/elements/api-v2"));
    expect(limits.policyFor(platformRateKey("http://127.0.0.1:1/other"))).toBe(platform);
    expect(limits.policyFor(platformRateKey("http://127.0.0.1:2/elements/api-v2"))).not.toBe(platform);
    const twilio = limits.policyFor(twilioRateKey("https://api.twilio.com", "AC1"));
    expect(limits.policyFor(twilioRateKey("https://api.twilio.com", "AC2"))).not.toBe(twilio);
    expect(limits.pacedRate()).toBeUndefined();
    platform.refused(c.now(), "1");
    twilio.refused(c.now(), "3");
    expect(limits.stats()).toEqual({ rateLimited: 2, waitedMs: 0 });
    expect(limits.pacedRate()).toBe(Math.min(platform.pacedRate() ?? 0, twilio.pacedRate() ?? 0));
    // Two runs never share: each call of the library makes its own.
    expect(createRateLimits().stats()).toEqual({ rateLimited: 0, waitedMs: 0 });
  });
});
