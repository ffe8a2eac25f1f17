// The emulator's delivery lifecycle: queued -> sending -> sent -> delivered over --delivery-ms,
// its own undelivered To numbers, and GET /messages/{sid} (also under /hubs/messaging/) answering
// Twilio's message at its current status. The lifecycle is worked out from a message's age, so
// it is tested at chosen instants, never by waiting.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageAt } from "../src/emulator/delivery.ts";
import { startEmulator, type EmulatorMessage, type RunningEmulator } from "../src/emulator/index.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";

const PLATFORM = "User u, Organization o";
const ACCOUNT = "AC0123456789abcdef0123456789abcdef";
type Json = Record<string, unknown>;

function storedMessage(to: string, createdMs: number): EmulatorMessage {
  const fates: Record<string, EmulatorMessage["fate"]> = {
    "+15005553007": { status: "undelivered", errorCode: 30007, errorMessage: "Carrier violation" },
    "+15005553034": { status: "failed", errorCode: 30034, errorMessage: "Message from an unregistered number" },
  };
  const uri = `/2010-04-01/Accounts/${ACCOUNT}/Messages/SM0123456789abcdef0123456789abcdef`;
  return {
    instanceId: 1,
    createdMs,
    fate: fates[to] ?? { status: "delivered", errorCode: null, errorMessage: null },
    sid: "SM0123456789abcdef0123456789abcdef",
    account_sid: ACCOUNT,
    api_version: "2010-04-01",
    status: "queued",
    to,
    from: "+15005550006",
    messaging_service_sid: null,
    body: "Hi",
    num_segments: "1",
    num_media: "0",
    direction: "outbound-api",
    date_created: "x",
    date_updated: "x",
    date_sent: null,
    price: null,
    price_unit: "USD",
    error_code: null,
    error_message: null,
    uri: `${uri}.json`,
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
  };
}

describe("messageAt: the status at a given age", () => {
  const created = Date.UTC(2026, 11, 1, 12, 0, 0);
  const statusAt = (to: string, ageMs: number, deliveryMs = 300) => messageAt(storedMessage(to, created), created + ageMs, deliveryMs);

  it("goes queued -> sending -> sent -> delivered over deliveryMs, dating date_sent when it is sent", () => {
    expect([0, 99, 100, 199, 200, 299, 300, 10_000].map((age) => statusAt("+15551234567", age).status)).toEqual(["queued", "queued", "sending", "sending", "sent", "sent", "delivered", "delivered"]);
    expect(statusAt("+15551234567", 150).date_sent).toBeNull();
    expect(statusAt("+15551234567", 300)).toMatchObject({ date_sent: "Tue, 01 Dec 2026 12:00:00 +0000", date_updated: "Tue, 01 Dec 2026 12:00:00 +0000", error_code: null });
    expect(statusAt("+15551234567", 0, 0).status).toBe("delivered");
  });

  it("+15005553007 ends undelivered with 30007 only once final; +15005553034 fails without ever being sent", () => {
    expect(statusAt("+15005553007", 250)).toMatchObject({ status: "sent", error_code: null, error_message: null });
    expect(statusAt("+15005553007", 300)).toMatchObject({ status: "undelivered", error_code: 30007, error_message: "Carrier violation" });
    expect([0, 150, 300].map((age) => statusAt("+15005553034", age).status)).toEqual(["queued", "sending", "failed"]);
    expect(statusAt("+15005553034", 300)).toMatchObject({ error_code: 30034, date_sent: null });
  });

  it("through a Messaging Service starts accepted, then queued; a scheduled message stays scheduled until its SendAt, then goes the same way", () => {
    const viaService = { ...storedMessage("+15551234567", created), status: "accepted", from: null, messaging_service_sid: "MG0123456789abcdef0123456789abcdef" };
    expect([0, 74, 75, 149, 150, 224, 225, 300].map((age) => messageAt(viaService, created + age, 300).status)).toEqual([
      "accepted",
      "accepted",
      "queued",
      "queued",
      "sending",
      "sending",
      "sent",
      "delivered",
    ]);
    const scheduled = { ...viaService, status: "scheduled", sendAtMs: created + 60_000 };
    expect([0, 59_999, 60_000, 60_075, 60_300].map((age) => messageAt(scheduled, created + age, 300).status)).toEqual(["scheduled", "scheduled", "accepted", "queued", "delivered"]);
    expect(messageAt(scheduled, created, 300)).not.toHaveProperty("sendAtMs");
  });

  it("never shows the emulator's bookkeeping", () => {
    expect(statusAt("+15551234567", 0)).not.toHaveProperty("instanceId");
    expect(statusAt("+15551234567", 0)).not.toHaveProperty("fate");
    expect(statusAt("+15551234567", 0)).not.toHaveProperty("createdMs");
  });
});

describe("GET /messages/{sid}", () => {
  let instant: RunningEmulator;
  let slow: RunningEmulator;
  const call = async (emulator: RunningEmulator, method: string, path: string, authorization: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers: { Authorization: authorization, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Json };
  };
  const tokenOf = async (emulator: RunningEmulator, name: string, element = "twilio") => {
    const configuration =
      element === "twilio"
        ? { "messaging.sms.twilio.account": ACCOUNT, "messaging.sms.twilio.token": "fedcba9876543210fedcba9876543210", "messaging.sms.twilio.sender": "+15005550006" }
        : { username: ACCOUNT, password: "fedcba9876543210fedcba9876543210" };
    return (await call(emulator, "POST", "/instances", PLATFORM, { element: { key: element }, name, configuration })).json.token as string;
  };

  beforeAll(async () => {
    instant = await startEmulator({ deliveryMs: 0 });
    slow = await startEmulator({ deliveryMs: 600_000 });
  });
  afterAll(async () => {
    await instant.close();
    await slow.close();
  });

  it("answers the POST queued, and the GET at the current status: delivered with --delivery-ms 0, queued with a slow one", async () => {
    for (const [emulator, expected] of [
      [instant, "delivered"],
      [slow, "queued"],
    ] as const) {
      const auth = `${PLATFORM}, Element ${await tokenOf(emulator, "lifecycle")}`;
      const sent = await call(emulator, "POST", "/messages", auth, { To: "+15551234567", Body: "Hello" });
      expect(sent.json.status).toBe("queued");
      const read = await call(emulator, "GET", `/messages/${String(sent.json.sid)}`, auth);
      expect(read).toMatchObject({ status: 200, json: { sid: sent.json.sid, status: expected, to: "+15551234567" } });
    }
  });

  it("answers the POST with the first status of its sender type: queued for a From, accepted for a MessagingServiceSid, scheduled for ScheduleType=fixed", async () => {
    const auth = `${PLATFORM}, Element ${await tokenOf(slow, "first-status")}`;
    const service = "MG0123456789abcdef0123456789abcdef";
    const sendAt = new Date(Date.now() + 3_600_000).toISOString();
    for (const [fields, first] of [
      [{ From: "+15005550006" }, "queued"],
      [{ MessagingServiceSid: service }, "accepted"],
      [{ MessagingServiceSid: service, ScheduleType: "fixed", SendAt: sendAt }, "scheduled"],
    ] as const) {
      const sent = await call(slow, "POST", "/messages", auth, { To: "+15551234567", Body: "Hello", ...fields });
      expect(sent.json.status, first).toBe(first);
      expect((await call(slow, "GET", `/messages/${String(sent.json.sid)}`, auth)).json.status, first).toBe(first);
    }
    const unreadable = await call(slow, "POST", "/messages", auth, { To: "+15551234567", Body: "Hello", MessagingServiceSid: service, ScheduleType: "fixed", SendAt: "soon" });
    expect(unreadable.status).toBe(400);
    expect(JSON.parse(String(unreadable.json.providerMessage))).toMatchObject({ code: 35114 });
  });

  it.each([
    ["+15005553003", 30003],
    ["+15005553005", 30005],
    ["+15005553006", 30006],
    ["+15005553007", 30007],
    ["+15005553008", 30008],
  ])("To %s ends undelivered with error %i", async (to, code) => {
    const auth = `${PLATFORM}, Element ${await tokenOf(instant, `undelivered-${code}`)}`;
    const sent = await call(instant, "POST", "/messages", auth, { To: to, Body: "Hello" });
    const read = await call(instant, "GET", `/messages/${String(sent.json.sid)}`, auth);
    expect(read.json).toMatchObject({ status: "undelivered", error_code: code, error_message: expect.any(String) });
  });

  it("under /hubs/messaging/ for twiliov2; 404 for a SID sent through another instance, or unknown", async () => {
    const auth = `${PLATFORM}, Element ${await tokenOf(instant, "hub", "twiliov2")}`;
    const sent = await call(instant, "POST", "/hubs/messaging/messages", auth, { To: "+15551234567", From: "+15005550006", Body: "Hello" });
    expect((await call(instant, "GET", `/hubs/messaging/messages/${String(sent.json.sid)}`, auth)).json.status).toBe("delivered");
    const other = `${PLATFORM}, Element ${await tokenOf(instant, "other")}`;
    expect((await call(instant, "GET", `/messages/${String(sent.json.sid)}`, other)).status).toBe(404);
    expect((await call(instant, "GET", "/messages/SM00000000000000000000000000000000", auth)).status).toBe(404);
  });
});

describe("connector emulator --delivery-ms", () => {
  it("is a whole number of milliseconds: anything else is a usage error (exit 2) before it listens", async () => {
    for (const bad of ["-1", "1.5", "soon", ""]) {
      const run = await runInProcess(["emulator", "--port", "0", "--delivery-ms", bad, "--json"], {});
      expect(run.code, bad).toBe(2);
      expect(jsonOf(run).error.message).toContain("--delivery-ms");
    }
  });
});
