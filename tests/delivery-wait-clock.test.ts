// `--wait-timeout` is a deadline: whatever the platform answers to the reads (a 429 asking for
// 30 s, a negative Retry-After, a read that never ends, 5xx), the wait ends at it with exit 6
// and the last status. The loop is driven by fake timers (its clock is the monotonic one, which
// vitest fakes too); the end-to-end cases run the built binary against a stand-in on 127.0.0.1.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TwilioMessage } from "../src/api/platform.ts";
import { ApiError, NetworkError, ProviderError } from "../src/errors.ts";
import { waitForDelivery } from "../src/twilio/delivery.ts";
import { json, useTestServers } from "./helpers/http-server.ts";
import { jsonOf, runBinary } from "./helpers/run.ts";
import { platformEnv } from "./helpers/platform.ts";

const { startServer } = useTestServers();
const SID = "SM0123456789abcdef0123456789abcdef";
const queued = { sid: SID, status: "queued", to: "+15551234567", from: "+15005550006", error_code: null, error_message: null } as TwilioMessage;

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Runs a wait to its end under fake timers; what it found and how long its own clock says it took. */
async function fakeClockWait(read: (signal: AbortSignal) => Promise<TwilioMessage>, timeoutMs: number) {
  vi.useFakeTimers({ now: 0 });
  const started = performance.now();
  const waiting = waitForDelivery({ ...queued }, { read, timeoutMs });
  await vi.runAllTimersAsync();
  const delivery = await waiting;
  return { delivery, tookMs: performance.now() - started };
}

describe("the wait's deadline, on a fake clock", () => {
  it("a read that never answers is cut off at the deadline: timeout, the last status, the read's signal aborted", async () => {
    const signals: AbortSignal[] = [];
    const { delivery, tookMs } = await fakeClockWait((signal) => (signals.push(signal), new Promise<TwilioMessage>(() => undefined)), 2_000);
    expect(delivery).toMatchObject({ outcome: "timeout", status: "queued", waitedMs: 2_000 });
    expect(tookMs).toBe(2_000);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
  });

  it.each([
    ["429", new ApiError("api", "The platform refused GET /messages/x (429): Too many requests.", 429)],
    ["Twilio's 20429", new ProviderError("Twilio refused the message (error 20429): Too Many Requests", 20429, 400)],
    ["503", new ApiError("unavailable", "The platform failed to answer GET /messages/x (503).", 503)],
    ["no answer", new NetworkError("reset", "Connection reset.")],
  ])("reads refused with %s are asked again on the wait's backoff until the deadline, which ends it with the last status and why", async (_name, refusal) => {
    let reads = 0;
    const { delivery, tookMs } = await fakeClockWait(async () => {
      reads++;
      throw refusal;
    }, 4_000);
    expect(delivery).toMatchObject({ outcome: "timeout", status: "queued", lastFailure: refusal.message });
    expect(tookMs).toBe(4_000);
    // 0.25, 0.75, 1.75, 3.5 s: the backoff of the polls, not a retry storm, and nothing after the deadline.
    expect(reads).toBe(4);
  });

  it("a read that is refused for good (401) ends the wait at once, saying the message was sent", async () => {
    vi.useFakeTimers({ now: 0 });
    const waiting = waitForDelivery({ ...queued }, { read: async () => Promise.reject(new ApiError("auth", "The platform refused the credentials (401).", 401)), timeoutMs: 60_000 });
    const failed = waiting.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(300);
    expect(await failed).toMatchObject({ code: "auth", message: expect.stringContaining(`Message ${SID} was sent, but reading it back failed`) as unknown });
  });

  it("keeps to the monotonic clock: the wall clock jumping an hour ahead ends nothing", async () => {
    const answers = ["sent", "sent", "delivered"];
    let reads = 0;
    const wall = Date.now();
    const delivery = await waitForDelivery(
      { ...queued },
      {
        read: async () => {
          vi.spyOn(Date, "now").mockReturnValue(wall + 3_600_000);
          return { ...queued, status: answers[reads++] ?? "delivered" };
        },
        timeoutMs: 1_000,
        pollDelaysMs: [5],
      },
    );
    expect(delivery).toMatchObject({ outcome: "delivered", statuses: ["queued", "sent", "delivered"] });
  });
});

/** A stand-in platform whose POST /messages accepts the message and whose reads of it answer 429 with `retryAfter`. */
async function rateLimitedReads(retryAfter: string) {
  const server = await startServer((seen, res) => {
    if (seen.method === "POST" && seen.parsed.pathname === "/elements/api-v2/messages") return json(res, 200, queued);
    if (seen.method === "GET") return json(res, 429, { requestId: "r-429", message: "Too many requests" }, { "Retry-After": retryAfter });
    json(res, 404, { requestId: "r-404", message: "No route" });
  });
  return { server, env: platformEnv(server.base, { CONNECTOR_INSTANCE_TOKEN: "instance-token-for-tests" }) };
}

const sendWait = (env: NodeJS.ProcessEnv, seconds: string) =>
  runBinary(["send", "--to", "+15551234567", "--message", "Hi", "--from", "+15005550006", "--wait", "--wait-timeout", seconds, "--json"], env);

describe("the built binary against a platform that rate-limits the reads", { tags: ["slow"] }, () => {
  it("429 with Retry-After: 30 and --wait-timeout 2: exit 6 at the deadline with the last status, not exit 5 after 41 s", async () => {
    const { server, env } = await rateLimitedReads("30");
    const run = await sendWait(env, "2");
    expect(run.code, run.stdout + run.stderr).toBe(6);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ ok: false, sid: SID, status: "queued", error: { code: "timeout" } });
    expect(doc.waitedMs).toBeLessThanOrEqual(2_100);
    // The shared rate policy holds the reads through the platform's pause; the deadline still ends the wait.
    expect(doc.error.message).toContain("No final status for message");
    expect(doc.error.message).toContain("within 2 s; last status: queued");
    // One read, then the platform's 30 s pause (shared by every request to it) outlasts the wait.
    expect(server.seen.filter((s) => s.method === "GET").length).toBeGreaterThanOrEqual(1);
  });

  it("429 with Retry-After: -5 and --wait-timeout 4: no retries at once, the wait lasts to its deadline", async () => {
    const { server, env } = await rateLimitedReads("-5");
    const run = await sendWait(env, "4");
    expect(run.code, run.stdout + run.stderr).toBe(6);
    const doc = jsonOf(run);
    expect(doc.waitedMs).toBeGreaterThanOrEqual(3_900);
    expect(doc.waitedMs).toBeLessThanOrEqual(4_100);
    // The polls' backoff (0.25, 0.75, 1.75, 3.5 s), about one request each (the rate policy's own
    // backoff may add one): not a burst of retries at once.
    const reads = server.seen.filter((s) => s.method === "GET").length;
    expect(reads).toBeGreaterThanOrEqual(3);
    expect(reads).toBeLessThanOrEqual(6);
  });
});
