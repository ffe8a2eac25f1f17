// The emulator's message answers against a JSON Schema of Twilio's message resource written from
// Twilio's own OpenAPI description (tests/schemas/twilio-message.schema.json): every property of
// api.v2010.account.message, subresource_uris included, at each status and through both elements.
// The schema itself is held against Twilio's OpenAPI file by tests/contract/twilio-message-schema.contract.ts.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.ts";

const schema = JSON.parse(readFileSync(new URL("./schemas/twilio-message.schema.json", import.meta.url), "utf8")) as { required: string[] };
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const PLATFORM = "User u, Organization o";
const ACCOUNT = "AC0123456789abcdef0123456789abcdef";
const SERVICE = "MG0123456789abcdef0123456789abcdef";
type Json = Record<string, unknown>;

/** The schema's verdict: no errors, or each error with where it is. */
function problemsOf(answer: unknown): string[] {
  return validate(answer) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}

let instant: RunningEmulator;
let slow: RunningEmulator;

async function call(emulator: RunningEmulator, method: string, path: string, authorization: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { Authorization: authorization, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

async function tokenOf(emulator: RunningEmulator, element: "twilio" | "twiliov2"): Promise<string> {
  const configuration =
    element === "twilio"
      ? { "messaging.sms.twilio.account": ACCOUNT, "messaging.sms.twilio.token": "fedcba9876543210fedcba9876543210", "messaging.sms.twilio.sender": "+15005550006" }
      : { username: ACCOUNT, password: "fedcba9876543210fedcba9876543210" };
  const created = await call(emulator, "POST", "/instances", PLATFORM, { element: { key: element }, name: `schema-${element}`, configuration });
  return (created.json as Json).token as string;
}

beforeAll(async () => {
  instant = await startEmulator({ deliveryMs: 0 });
  slow = await startEmulator({ deliveryMs: 600_000 });
});
afterAll(async () => {
  await instant.close();
  await slow.close();
});

describe("the emulator's message answers hold Twilio's message resource schema", () => {
  it("the POST answer (queued), the GET of a delivered message and the list, through element twilio", async () => {
    const token = await tokenOf(instant, "twilio");
    const auth = `${PLATFORM}, Element ${token}`;
    const sent = await call(instant, "POST", "/messages", auth, { To: "+15551234567", Body: "Hello" });
    expect(sent.status).toBe(200);
    expect(problemsOf(sent.json)).toEqual([]);
    expect(sent.json).toMatchObject({ status: "queued", date_sent: null });
    const sid = (sent.json as Json).sid as string;
    const read = await call(instant, "GET", `/messages/${sid}`, auth);
    expect(problemsOf(read.json)).toEqual([]);
    expect(read.json).toMatchObject({ sid, status: "delivered", subresource_uris: { media: `/2010-04-01/Accounts/${ACCOUNT}/Messages/${sid}/Media.json` } });
    const list = await call(instant, "GET", "/messages", auth);
    expect((list.json as unknown[]).map(problemsOf)).toEqual((list.json as unknown[]).map(() => []));
  });

  it("undelivered and failed messages, with their error_code and error_message", async () => {
    const auth = `${PLATFORM}, Element ${await tokenOf(instant, "twilio")}`;
    for (const [to, status, code] of [
      ["+15005553007", "undelivered", 30007],
      ["+15005553034", "failed", 30034],
    ] as const) {
      const sid = ((await call(instant, "POST", "/messages", auth, { To: to, Body: "Hello" })).json as Json).sid as string;
      const read = await call(instant, "GET", `/messages/${sid}`, auth);
      expect(problemsOf(read.json)).toEqual([]);
      expect(read.json).toMatchObject({ status, error_code: code, error_message: expect.any(String) });
    }
  });

  it("a message still on its way, sent from a Messaging Service through element twiliov2 (/hubs/messaging/)", async () => {
    const auth = `${PLATFORM}, Element ${await tokenOf(slow, "twiliov2")}`;
    const sent = await call(slow, "POST", "/hubs/messaging/messages", auth, { To: "+15551234567", Body: "Hello", MessagingServiceSid: SERVICE });
    const sid = (sent.json as Json).sid as string;
    const read = await call(slow, "GET", `/hubs/messaging/messages/${sid}`, auth);
    expect(read.status).toBe(200);
    expect(problemsOf(read.json)).toEqual([]);
    expect(read.json).toMatchObject({ status: "accepted", from: null, messaging_service_sid: SERVICE });
  });

  it("can fail: an answer missing subresource_uris, with a bad status, or with the emulator's own bookkeeping is refused", async () => {
    const auth = `${PLATFORM}, Element ${await tokenOf(instant, "twilio")}`;
    const sent = (await call(instant, "POST", "/messages", auth, { To: "+15551234567", Body: "Hello" })).json as Json;
    const { subresource_uris: _uris, ...withoutUris } = sent;
    expect(problemsOf(withoutUris).join("\n")).toContain("subresource_uris");
    expect(problemsOf({ ...sent, status: "arrived" })).not.toEqual([]);
    expect(problemsOf({ ...sent, instanceId: 1 })).not.toEqual([]);
    expect(problemsOf({ ...sent, error_code: "30007" })).not.toEqual([]);
    expect(problemsOf({ ...sent, status: "sent", error_code: 30007 })).not.toEqual([]);
  });
});
