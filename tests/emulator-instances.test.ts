// Instances on the emulator: creation validated against the element definition (every
// missing and invalid entry named at once), and read, merge, replace and delete by id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/emulator/index.ts";
import type { RunningEmulator } from "../src/emulator/index.ts";

const ACCOUNT = "AC0123456789abcdef0123456789abcdef";
const TOKEN = "fedcba9876543210fedcba9876543210";
const VALID = {
  "messaging.sms.twilio.account": ACCOUNT,
  "messaging.sms.twilio.token": TOKEN,
  "messaging.sms.twilio.sender": "+15005550006",
};

type Json = Record<string, unknown>;
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { Authorization: "User u, Organization o", "Content-Type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Json };
}

function create(name: string, configuration: Json = VALID, extra: Json = {}): Promise<{ status: number; json: Json }> {
  return call("POST", "/instances", { element: { key: "twilio" }, name, configuration, ...extra });
}

describe("POST /instances", () => {
  it("creates an instance with increasing ids, a 44-character token, defaults applied and the secret masked", async () => {
    const first = await create("first", { ...VALID, "custom.entry": "kept" }, { tags: ["prod"] });
    const second = await create("first");
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      name: "first",
      element: { key: "twilio", name: "Twilio SMS" },
      valid: true,
      disabled: false,
      tags: ["prod", "first"], // the platform adds the name to the tags
      configuration: { ...VALID, "messaging.sms.twilio.token": "********", "messaging.sms.twilio.protocol": "sms", "custom.entry": "kept" },
    });
    expect(first.json.token).toMatch(/^[A-Za-z0-9+/=]{44}$/);
    expect(second.json.id).toBe((first.json.id as number) + 1);
    expect(second.json.token).not.toBe(first.json.token);
    expect(Date.parse(first.json.createdDate as string)).not.toBeNaN();
    expect(JSON.stringify(first.json)).not.toContain(TOKEN);
  });

  it("refuses a configuration with a 400 naming every missing required entry", async () => {
    const { status, json } = await create("incomplete", { "messaging.sms.twilio.sender": "+15005550006" });
    expect(status).toBe(400);
    expect(json.message).toBe("Missing required configuration entries: messaging.sms.twilio.account, messaging.sms.twilio.token");
  });

  it("names every invalid entry, and the missing ones, in the same answer", async () => {
    const { status, json } = await create("bad", {
      "messaging.sms.twilio.account": "AC123",
      "messaging.sms.twilio.sender": "not a sender!",
      "messaging.sms.twilio.protocol": "mms",
      "messaging.sms.twilio.callback.url": "ftp://example.com",
    });
    expect(status).toBe(400);
    const message = json.message as string;
    expect(message).toContain("Missing required configuration entries: messaging.sms.twilio.token");
    for (const key of ["account", "sender", "protocol", "callback.url"]) expect(message).toContain(`messaging.sms.twilio.${key} (`);
  });

  it("keeps no instance after a refused creation", async () => {
    const before = emulator.instances().length;
    await create("refused", {});
    expect(emulator.instances()).toHaveLength(before);
  });

  it.each([
    ["a body that is not JSON", "{oops"],
    ["an array body", "[]"],
    ["an empty body", ""],
    ["a name of the wrong type", { element: { key: "twilio" }, name: 42, configuration: VALID }],
    ["tags that are not strings", { element: { key: "twilio" }, name: "x", tags: [1], configuration: VALID }],
    ["a configuration that is not an object", { element: { key: "twilio" }, name: "x", configuration: "a=b" }],
    ["no name", { element: { key: "twilio" }, configuration: VALID }],
    ["no element", { name: "x", configuration: VALID }],
  ])("answers 400 for %s", async (_name, body) => {
    const { status, json } = await call("POST", "/instances", body);
    expect(status).toBe(400);
    expect(json.message).toEqual(expect.any(String));
  });

  it("answers 400 naming an unknown element key", async () => {
    const { status, json } = await call("POST", "/instances", { element: { key: "nope" }, name: "x", configuration: {} });
    expect(status).toBe(400);
    expect(json.message).toBe("No element found with key nope");
  });

  it("creates through POST /elements/{key}/instances without an element in the body", async () => {
    const { status, json } = await call("POST", "/elements/twilio/instances", { name: "by-path", configuration: VALID });
    expect(status).toBe(200);
    expect(json.element).toMatchObject({ key: "twilio" });
    expect((await call("POST", "/elements/nope/instances", { name: "x", configuration: VALID })).status).toBe(404);
  });
});

describe("/instances/{id}", () => {
  it("reads an instance by id, with its token and its secret masked", async () => {
    const created = await create("readable");
    const { status, json } = await call("GET", `/instances/${created.json.id as number}`);
    expect(status).toBe(200);
    expect(json).toEqual(created.json);
  });

  it("answers 404 for an unknown id and 400 for a non-numeric one", async () => {
    const missing = await call("GET", "/instances/987654");
    expect(missing).toMatchObject({ status: 404, json: { message: "No instance found with id 987654" } });
    for (const method of ["PATCH", "PUT", "DELETE"]) expect((await call(method, "/instances/987654", {})).status).toBe(404);
    expect((await call("GET", "/instances/abc")).status).toBe(400);
  });

  it("merges a PATCH and keeps the stored secret when the masked value is sent back", async () => {
    const created = await create("patchable", VALID, { tags: ["a"] });
    const id = created.json.id as number;
    const patched = await call("PATCH", `/instances/${id}`, {
      name: "patched",
      disabled: true,
      configuration: { "messaging.sms.twilio.sender": "+15005550007", "messaging.sms.twilio.token": "********" },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ id, name: "patched", disabled: true, tags: ["a", "patchable"], token: created.json.token });
    const stored = emulator.instances().find((i) => i.id === id);
    expect(stored?.configuration).toMatchObject({ "messaging.sms.twilio.token": TOKEN, "messaging.sms.twilio.sender": "+15005550007" });
  });

  it("validates the merged configuration of a PATCH and changes nothing when it is refused", async () => {
    const id = (await create("strict")).json.id as number;
    const refused = await call("PATCH", `/instances/${id}`, { configuration: { "messaging.sms.twilio.account": null, "messaging.sms.twilio.sender": "??" } });
    expect(refused.status).toBe(400);
    expect(refused.json.message).toContain("Missing required configuration entries: messaging.sms.twilio.account");
    expect(refused.json.message).toContain("messaging.sms.twilio.sender (");
    expect((await call("GET", `/instances/${id}`)).json.configuration).toMatchObject({ "messaging.sms.twilio.account": ACCOUNT });
  });

  it("replaces an instance with PUT, validating the new configuration", async () => {
    const created = await create("replaceable", { ...VALID, "custom.entry": "x" }, { tags: ["old"] });
    const id = created.json.id as number;
    const refused = await call("PUT", `/instances/${id}`, { name: "new", configuration: { "messaging.sms.twilio.account": ACCOUNT } });
    expect(refused.status).toBe(400);
    expect(refused.json.message).toContain("messaging.sms.twilio.token, messaging.sms.twilio.sender");
    const replaced = await call("PUT", `/instances/${id}`, { name: "new", tags: ["new"], configuration: VALID });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({ id, name: "new", tags: ["new"], token: created.json.token });
    expect(replaced.json.configuration).not.toHaveProperty("custom.entry");
    expect((await call("PUT", `/instances/${id}`, { element: { key: "other" }, name: "n", configuration: VALID })).status).toBe(400);
  });

  it("deletes an instance with 200 {} and then answers 404 for it", async () => {
    const id = (await create("doomed")).json.id as number;
    expect(await call("DELETE", `/instances/${id}`)).toEqual({ status: 200, json: {} });
    expect((await call("GET", `/instances/${id}`)).status).toBe(404);
    expect(emulator.instances().some((i) => i.id === id)).toBe(false);
  });
});
