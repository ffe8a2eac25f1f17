// The wait for delivery itself, against platforms the emulator does not play: Twilio's test
// credentials (403, code 20008, on reading a message: exit 0, confirmed false), a platform that
// has no read path for the element (404: the message was sent, its SID is reported), and the
// poll loop's bookkeeping (each status once, in order) and its spinner line.
import { describe, expect, it, vi } from "vitest";
import type { TwilioMessage } from "../src/api/platform.ts";
import { InterruptedError, exitCodeOf } from "../src/errors.ts";
import { waitForDelivery } from "../src/twilio/delivery.ts";
import { createChangingWait } from "../src/ui/spinner.ts";
import { json, useTestServers } from "./helpers/http-server.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";
import { platformEnv } from "./helpers/platform.ts";

const { startServer } = useTestServers();
const SID = "SM0123456789abcdef0123456789abcdef";
const queued = { sid: SID, status: "queued", to: "+15551234567", from: "+15005550006", error_code: null, error_message: null };

/** A platform whose POST /messages accepts the message and whose GET of it answers `status` with `body`. */
async function platformAnsweringRead(status: number, body: unknown) {
  const server = await startServer((seen, res) => {
    if (seen.method === "POST" && seen.parsed.pathname === "/elements/api-v2/messages") return json(res, 200, queued);
    if (seen.method === "GET" && seen.parsed.pathname === `/elements/api-v2/messages/${SID}`) return json(res, status, body);
    json(res, 404, { requestId: "r-404", message: "No route" });
  });
  const env = platformEnv(server.base, { CONNECTOR_INSTANCE_TOKEN: "instance-token-for-tests" });
  return { server, env };
}

describe("send --wait where delivery cannot be read", () => {
  it("Twilio's test credentials (403, code 20008): exit 0, confirmed false, and a warning saying why", async () => {
    const providerMessage = JSON.stringify({ code: 20008, message: "Resource not accessible with Test Account Credentials", more_info: "https://www.twilio.com/docs/errors/20008", status: 403 });
    const { server, env } = await platformAnsweringRead(403, { requestId: "r-1", message: "Forbidden", providerMessage });
    const run = await runInProcess(["send", "--to", "+15551234567", "--message", "Hi", "--from", "+15005550006", "--wait", "--json"], env);
    expect(run.code, run.stdout).toBe(0);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ ok: true, sid: SID, status: "queued", confirmed: false, statuses: ["queued"] });
    expect(doc.warnings.join("\n")).toMatch(/cannot be confirmed with Twilio's test credentials.*error 20008/);
    expect(server.seen.filter((s) => s.method === "GET")).toHaveLength(1);
  });

  it("a platform without the read path (404): exit 5, saying the message was sent, with its SID and where the path lives", async () => {
    const { env } = await platformAnsweringRead(404, { requestId: "r-2", message: "No resource found" });
    const run = await runInProcess(["send", "--to", "+15551234567", "--message", "Hi", "--from", "+15005550006", "--wait", "--json"], env);
    expect(run.code).toBe(5);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ ok: false, sid: SID, status: "queued", error: { code: "not_found", requestId: "r-2" } });
    expect(doc.error.message).toContain(`Message ${SID} was sent, but reading it back failed`);
    expect(doc.error.hint).toContain("send.messagePath");
  });

  it("an answer without a message (no sid) is not taken for a status: exit 5", async () => {
    const { env } = await platformAnsweringRead(200, { hello: "world" });
    const run = await runInProcess(["send", "--to", "+15551234567", "--message", "Hi", "--from", "+15005550006", "--wait", "--json"], env);
    expect(run.code).toBe(5);
    expect(jsonOf(run).error.message).toContain("reading it back failed");
  });
});

describe("waitForDelivery", () => {
  it("records each status once, in the order seen, tells each new one, and stops at the final one", async () => {
    const answers = ["queued", "sending", "sending", "sent", "delivered", "read"];
    let reads = 0;
    const told: string[] = [];
    const delivery = await waitForDelivery({ ...queued } as TwilioMessage, {
      read: async () => ({ ...queued, status: answers[++reads] ?? "read" }) as TwilioMessage,
      timeoutMs: 60_000,
      pollDelaysMs: [1],
      onStatus: (status) => told.push(status),
    });
    expect(delivery).toMatchObject({ outcome: "delivered", status: "delivered", statuses: ["queued", "sending", "sent", "delivered"] });
    expect(told).toEqual(["queued", "sending", "sent", "delivered"]);
    expect(reads).toBe(4);
  });

  it("past the deadline without a final status: timeout, with the last status seen", async () => {
    const delivery = await waitForDelivery({ ...queued } as TwilioMessage, { read: async () => ({ ...queued, status: "sent" }) as TwilioMessage, timeoutMs: 30, pollDelaysMs: [5] });
    expect(delivery).toMatchObject({ outcome: "timeout", status: "sent", statuses: ["queued", "sent"] });
  });

  it("keeps the deadline to within one read: the last pause is cut short so the last poll lands on it", async () => {
    // Fake timers (Date included) make the clock the loop's own: reads take no time, so what it
    // waited is exactly its pauses. Uncut, the pauses 250 + 500 + 1000 would overrun 1600 by 150.
    vi.useFakeTimers({ now: 0 });
    try {
      let reads = 0;
      const waiting = waitForDelivery({ ...queued } as TwilioMessage, {
        read: async () => (reads++, { ...queued, status: "sent" }) as TwilioMessage,
        timeoutMs: 1600,
        pollDelaysMs: [250, 500, 1000],
      });
      await vi.runAllTimersAsync();
      const delivery = await waiting;
      expect(delivery).toMatchObject({ outcome: "timeout", status: "sent", waitedMs: 1600 });
      expect(reads).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it("Ctrl-C ends the wait with exit 130's error, naming the message that was sent", async () => {
    const controller = new AbortController();
    const waiting = waitForDelivery({ ...queued } as TwilioMessage, { read: async () => ({ ...queued }) as TwilioMessage, timeoutMs: 60_000, signal: controller.signal, pollDelaysMs: [60_000] });
    controller.abort();
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect(exitCodeOf(error)).toBe(130);
    expect((error as InterruptedError).message).toContain(`delivery of message ${SID} (last status queued); the message was sent`);
    expect((error as InterruptedError).details).toEqual({ sid: SID, status: "queued", statuses: ["queued"] });
  });

  it("read counts as delivered; failed and canceled as not delivered", async () => {
    for (const [final, outcome] of [
      ["read", "delivered"],
      ["failed", "not_delivered"],
      ["canceled", "not_delivered"],
    ] as const) {
      const delivery = await waitForDelivery({ ...queued } as TwilioMessage, { read: async () => ({ ...queued, status: final }) as TwilioMessage, timeoutMs: 60_000, pollDelaysMs: [1] });
      expect(delivery.outcome, final).toBe(outcome);
    }
  });
});

describe("the spinner line of a wait", () => {
  it("shows each new label before ending the previous one, and ends the last one when stopped", () => {
    const events: string[] = [];
    const line = createChangingWait((label) => {
      events.push(`start ${label}`);
      return () => events.push(`end ${label}`);
    });
    line.show("queued");
    line.show("queued → sent");
    line.stop();
    line.stop();
    expect(events).toEqual(["start queued", "start queued → sent", "end queued", "end queued → sent"]);
    expect(() => createChangingWait(undefined).show("no terminal")).not.toThrow();
  });
});
