// Sending SMS through the emulator: the Element token, disabled instances, Twilio's field
// checks and test numbers relayed as the platform does, and the message resource it returns.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/emulator/index.ts";
import type { RunningEmulator } from "../src/emulator/index.ts";

const ACCOUNT = "AC0123456789abcdef0123456789abcdef";
const SERVICE = "MG0123456789abcdef0123456789abcdef";
const PLATFORM = "User u, Organization o";
type Json = Record<string, unknown>;

let emulator: RunningEmulator;
let token: string;
let instanceId: number;

async function call(method: string, path: string, authorization: string, body?: unknown): Promise<{ status: number; json: Json; headers: Headers }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { Authorization: authorization, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Json, headers: response.headers };
}

async function createInstance(name: string): Promise<Json> {
  const configuration = {
    "messaging.sms.twilio.account": ACCOUNT,
    "messaging.sms.twilio.token": "fedcba9876543210fedcba9876543210",
    "messaging.sms.twilio.sender": "+15005550006",
  };
  return (await call("POST", "/instances", PLATFORM, { element: { key: "twilio" }, name, configuration })).json;
}

function send(body: Json, path = "/messages", elementToken = token): Promise<{ status: number; json: Json; headers: Headers }> {
  return call("POST", path, `${PLATFORM}, Element ${elementToken}`, body);
}

beforeAll(async () => {
  emulator = await startEmulator();
  const instance = await createInstance("sender");
  token = instance.token as string;
  instanceId = instance.id as number;
});
afterAll(() => emulator.close());

describe("POST /messages", () => {
  it("answers with Twilio's queued message resource", async () => {
    const { status, json } = await send({ To: "+15005550006", From: "+15005550006", Body: "Hello" });
    expect(status).toBe(200);
    expect(json).toMatchObject({
      account_sid: ACCOUNT,
      status: "queued",
      to: "+15005550006",
      from: "+15005550006",
      messaging_service_sid: null,
      body: "Hello",
      num_segments: "1",
      direction: "outbound-api",
      error_code: null,
      error_message: null,
    });
    expect(json.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(json.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(json.uri).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Messages/${json.sid as string}.json`);
    expect(json).not.toHaveProperty("instanceId");
  });

  it("sends through a Messaging Service with from null, also under /hubs/messaging", async () => {
    const { status, json } = await send({ To: "+15005550006", MessagingServiceSid: SERVICE, Body: "Hi" }, "/hubs/messaging/messages");
    expect(status).toBe(200);
    expect(json).toMatchObject({ from: null, messaging_service_sid: SERVICE });
  });

  it.each([
    ["plain GSM-7 up to 160 characters", "a".repeat(160), "1"],
    ["GSM-7 beyond 160 characters, 153 per segment", "a".repeat(161), "2"],
    ["GSM-7 extension characters counting twice", "€".repeat(81), "2"],
    ["UCS-2 up to 70 characters", "é€ж".repeat(23) + "ж", "1"],
    ["UCS-2 beyond 70 characters, 67 per segment", "ж".repeat(135), "3"],
  ])("counts segments for %s", async (_name, text, segments) => {
    const { json } = await send({ To: "+15005550006", From: "+15005550006", Body: text });
    expect(json.num_segments).toBe(segments);
  });

  it.each([
    ["+15005550001", 21211, "The 'To' number +15005550001 is not a valid phone number."],
    ["+15005550002", 21612, "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number: +15005550006 via SMS."],
    ["+15005550003", 21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003."],
    ["+15005550004", 21610, "Attempt to send to unsubscribed recipient"],
    ["+15005550009", 21614, "To number: +15005550009, is not a mobile number"],
  ])("relays Twilio's refusal of test number %s as error %i", async (to, code, message) => {
    const { status, json, headers } = await send({ To: to, From: "+15005550006", Body: "Hello" });
    expect(status).toBe(400);
    expect(json.requestId).toBe(headers.get("elements-request-id"));
    expect(json.message).toBe(`Error sending message: ${message}`);
    expect(JSON.parse(json.providerMessage as string)).toEqual({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status: 400 });
  });

  it.each([
    ["no To", { From: "+15005550006", Body: "x" }, 21604],
    ["no Body", { To: "+15005550006", From: "+15005550006" }, 21602],
    ["an empty Body", { To: "+15005550006", From: "+15005550006", Body: "" }, 21602],
    ["a To that is not E.164", { To: "5551234", From: "+15005550006", Body: "x" }, 21211],
    ["a From that is no sender", { To: "+15005550006", From: "not-a-sender!", Body: "x" }, 21212],
    ["a body over 1600 characters", { To: "+15005550006", From: "+15005550006", Body: "a".repeat(1601) }, 21617],
  ])("answers 400 with Twilio's code for %s", async (_name, body, code) => {
    const { status, json } = await send(body);
    expect(status).toBe(400);
    expect(JSON.parse(json.providerMessage as string)).toMatchObject({ code });
  });

  it("sends a message without From or MessagingServiceSid from the instance's configured sender", async () => {
    const { status, json } = await send({ To: "+15005550006", Body: "x" });
    expect(status).toBe(200);
    expect(json.from).toBe("+15005550006");
  });

  it("answers 401 without an Element token, or with one no instance has", async () => {
    const without = await call("POST", "/messages", PLATFORM, { To: "+15005550006", From: "+15005550006", Body: "x" });
    expect(without.status).toBe(401);
    expect(without.json.message).toBe("Invalid Organization or User secret, or invalid Element token provided.");
    expect((await send({ To: "+15005550006", From: "+15005550006", Body: "x" }, "/messages", "unknown-token")).status).toBe(401);
  });

  it("answers 403 for a disabled instance, and stores nothing", async () => {
    const other = await createInstance("disabled");
    await call("PATCH", `/instances/${other.id as number}`, PLATFORM, { disabled: true });
    const before = emulator.messages().length;
    const { status, json } = await send({ To: "+15005550006", From: "+15005550006", Body: "x" }, "/messages", other.token as string);
    expect(status).toBe(403);
    expect(json.message).toBe(`Instance ${other.id as number} is disabled`);
    expect(emulator.messages()).toHaveLength(before);
  });
});

describe("GET /messages", () => {
  it("lists the instance's own messages newest first, and reads one by sid", async () => {
    const first = (await send({ To: "+15005550006", From: "+15005550006", Body: "first" })).json;
    const second = (await send({ To: "+15005550006", From: "+15005550006", Body: "second" })).json;
    const other = await createInstance("other");
    await send({ To: "+15005550006", From: "+15005550006", Body: "elsewhere" }, "/messages", other.token as string);
    const listed = await fetch(`${emulator.url}/messages`, { headers: { Authorization: `${PLATFORM}, Element ${token}` } });
    const sids = ((await listed.json()) as Json[]).map((message) => message.sid);
    expect(sids.slice(0, 2)).toEqual([second.sid, first.sid]);
    expect(
      emulator
        .messages()
        .filter((m) => m.instanceId === instanceId)
        .map((m) => m.sid),
    ).toEqual([...sids].reverse());
    const one = await call("GET", `/messages/${first.sid as string}`, `${PLATFORM}, Element ${token}`);
    expect(one).toMatchObject({ status: 200, json: { sid: first.sid, body: "first" } });
  });

  it("answers 404 for the sid of another instance's message", async () => {
    const other = await createInstance("private");
    const sid = (await send({ To: "+15005550006", From: "+15005550006", Body: "mine" }, "/messages", other.token as string)).json.sid as string;
    expect((await call("GET", `/messages/${sid}`, `${PLATFORM}, Element ${token}`)).status).toBe(404);
    expect((await call("GET", `/hubs/messaging/messages/${sid}`, `${PLATFORM}, Element ${other.token as string}`)).status).toBe(200);
  });
});
