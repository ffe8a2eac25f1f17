// An instance's configuration entries one by one on the emulator, as churros changes them:
// GET /instances/{id}/configuration lists {id, key, name, propertyValue} (secrets masked), PATCH
// /instances/{id}/configuration/{configId} with {propertyValue} changes one, checked like a create;
// and the mode in which PATCH /instances/{id} ignores `configuration`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.ts";

const TOKEN = "fedcba9876543210fedcba9876543210";
const VALID = { "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef", "messaging.sms.twilio.token": TOKEN, "messaging.sms.twilio.sender": "+15005550006" };
type Json = Record<string, unknown> & Row[];
type Row = { id: number; key: string; name: string; propertyValue: unknown };

let emulator: RunningEmulator;
let ignoring: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
  ignoring = await startEmulator({ ignoreConfigurationPatch: true });
});
afterAll(async () => {
  await emulator.close();
  await ignoring.close();
});

async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: "User u, Organization o", "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Json };
}

async function created(base: string, name: string): Promise<number> {
  const { status, json } = await call(base, "POST", "/instances", { element: { key: "twilio" }, name, configuration: VALID });
  expect(status).toBe(200);
  return json.id as number;
}

describe("GET and PATCH /instances/{id}/configuration", () => {
  it("lists every entry with its id, key, name and value, the secret masked", async () => {
    const id = await created(emulator.url, "rows");
    const { status, json } = await call(emulator.url, "GET", `/instances/${id}/configuration`);
    expect(status).toBe(200);
    const rows = json as Row[];
    expect(rows.find((row) => row.key === "messaging.sms.twilio.sender")).toMatchObject({ name: "Sender", propertyValue: "+15005550006" });
    expect(rows.find((row) => row.key === "messaging.sms.twilio.token")?.propertyValue).toBe("********");
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
  });

  it("changes one value with {propertyValue}, keeps a secret sent masked, and checks the value", async () => {
    const id = await created(emulator.url, "one-by-one");
    const rows = (await call(emulator.url, "GET", `/instances/${id}/configuration`)).json as Row[];
    const sender = rows.find((row) => row.key === "messaging.sms.twilio.sender") as Row;
    const token = rows.find((row) => row.key === "messaging.sms.twilio.token") as Row;
    const changed = await call(emulator.url, "PATCH", `/instances/${id}/configuration/${sender.id}`, { propertyValue: "+15005550007" });
    expect(changed).toMatchObject({ status: 200, json: { id: sender.id, key: sender.key, propertyValue: "+15005550007" } });
    expect((await call(emulator.url, "PATCH", `/instances/${id}/configuration/${token.id}`, { propertyValue: "********" })).status).toBe(200);
    const stored = emulator.instances().find((i) => i.id === id);
    expect(stored?.configuration).toMatchObject({ "messaging.sms.twilio.sender": "+15005550007", "messaging.sms.twilio.token": TOKEN });
    expect((await call(emulator.url, "PATCH", `/instances/${id}/configuration/${sender.id}`, { propertyValue: "not a number" })).status).toBe(400);
    expect((await call(emulator.url, "PATCH", `/instances/${id}/configuration/${sender.id}`, { propertyValue: { nested: true } })).status).toBe(400);
    expect((await call(emulator.url, "PATCH", `/instances/${id}/configuration/999999`, { propertyValue: "x" })).status).toBe(404);
    expect((await call(emulator.url, "GET", `/instances/999999/configuration`)).status).toBe(404);
  });
});

describe("ignoreConfigurationPatch", () => {
  it("PATCH /instances/{id} answers 200 and changes the name and tags, not the configuration; the per-entry PATCH still does", async () => {
    const id = await created(ignoring.url, "ignored");
    const patched = await call(ignoring.url, "PATCH", `/instances/${id}`, { name: "ignored-2", tags: ["t"], configuration: { "messaging.sms.twilio.sender": "+15005550007" } });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ name: "ignored-2", tags: ["t"], configuration: { "messaging.sms.twilio.sender": "+15005550006" } });
    const rows = (await call(ignoring.url, "GET", `/instances/${id}/configuration`)).json as Row[];
    const sender = rows.find((row) => row.key === "messaging.sms.twilio.sender") as Row;
    expect((await call(ignoring.url, "PATCH", `/instances/${id}/configuration/${sender.id}`, { propertyValue: "+15005550007" })).status).toBe(200);
    expect(ignoring.instances().find((i) => i.id === id)?.configuration["messaging.sms.twilio.sender"]).toBe("+15005550007");
  });
});
