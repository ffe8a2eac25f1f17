// GET /elements/{key} on the emulator: the element definitions of src/elements, described
// the way the platform describes its elements and their configuration entries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findElement } from "../src/elements/index.ts";
import { startEmulator } from "../src/emulator/index.ts";
import type { RunningEmulator } from "../src/emulator/index.ts";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

async function get(path: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${emulator.url}${path}`, { headers: { Authorization: "User u, Organization o" } });
  return { status: response.status, json: await response.json() };
}

describe("GET /elements/{key}", () => {
  it("describes the element with one configuration entry per entry of its definition", async () => {
    const { status, json } = await get("/elements/twilio");
    expect(status).toBe(200);
    const definition = findElement("twilio");
    expect(json).toMatchObject({ key: "twilio", name: definition?.name, description: definition?.description, id: expect.any(Number) });
    const entries = (json as { configuration: { key: string }[] }).configuration;
    expect(entries.map((entry) => entry.key)).toEqual(definition?.entries.map((entry) => entry.key));
  });

  it("marks required entries, secret entries as PASSWORD and defaults as defaultValue", async () => {
    const { json } = await get("/elements/twilio/configuration");
    const byKey = new Map((json as { key: string }[]).map((entry) => [entry.key, entry]));
    expect(byKey.get("messaging.sms.twilio.token")).toMatchObject({ type: "PASSWORD", required: true, internal: false, hideFromConsole: false });
    expect(byKey.get("messaging.sms.twilio.protocol")).toMatchObject({ required: true, defaultValue: "sms" });
    expect(byKey.get("messaging.sms.twilio.callback.url")).toMatchObject({ required: false, defaultValue: null });
    expect(byKey.get("messaging.sms.twilio.account")).toMatchObject({ displayOrder: 1, type: expect.stringMatching(/^TEXTFIELD_/) });
  });

  it("finds the element by its numeric id too", async () => {
    const { json } = await get("/elements/twilio");
    const byId = await get(`/elements/${(json as { id: number }).id}`);
    expect(byId).toEqual({ status: 200, json });
  });

  it("answers 404 naming an unknown element key", async () => {
    expect(await get("/elements/nope")).toMatchObject({ status: 404, json: { message: "No element found with key nope" } });
    expect((await get("/elements/nope/configuration")).status).toBe(404);
  });
});
