// GET /elements/{keyOrId} on the emulator: its own description of each element (what the platform
// shows: id, name, authentication, configuration entries with their types and flags, hidden
// platform entries included), and a check that the client's element definitions agree with it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ELEMENTS } from "../src/elements/index.ts";
import { startEmulator } from "../src/emulator/index.ts";
import type { RunningEmulator } from "../src/emulator/index.ts";

interface Entry {
  key: string;
  type: string;
  required: boolean;
  defaultValue: string;
  hideFromConsole: boolean;
}

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

async function get(path: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${emulator.url}${path}`, { headers: { Authorization: "User u, Organization o" } });
  return { status: response.status, json: await response.json() };
}

async function entriesOf(key: string): Promise<Map<string, Entry>> {
  const { json } = await get(`/elements/${key}/configuration`);
  return new Map((json as Entry[]).map((entry) => [entry.key, entry]));
}

describe("GET /elements/{key}", () => {
  it("describes twilio as element 7, Twilio SMS, with authentication and its configuration", async () => {
    const { status, json } = await get("/elements/twilio");
    expect(status).toBe(200);
    expect(json).toMatchObject({ id: 7, key: "twilio", name: "Twilio SMS", authentication: expect.any(Object) as unknown });
    const keys = (json as { configuration: Entry[] }).configuration.map((entry) => entry.key);
    expect(keys).toEqual(expect.arrayContaining(["messaging.sms.twilio.account", "messaging.sms.twilio.token", "base.url"]));
  });

  it("describes twiliov2 as element 503, Twilio V2: username in clear, password masked", async () => {
    const { json } = await get("/elements/twiliov2");
    expect(json).toMatchObject({ id: 503, key: "twiliov2", name: "Twilio V2" });
    const entries = await entriesOf("twiliov2");
    expect(entries.get("username")).toMatchObject({ type: expect.stringMatching(/^TEXTFIELD_/) as unknown, required: true, hideFromConsole: false });
    expect(entries.get("password")).toMatchObject({ type: "PASSWORD", required: true, hideFromConsole: false });
  });

  it("lists entry types, required flags, string defaults and the platform's hidden entries", async () => {
    const entries = await entriesOf("twilio");
    expect(entries.get("messaging.sms.twilio.token")).toMatchObject({ type: "PASSWORD", required: true, internal: false, hideFromConsole: false });
    expect(entries.get("messaging.sms.twilio.protocol")).toMatchObject({ required: true, defaultValue: "sms" });
    expect(entries.get("messaging.sms.twilio.callback.url")).toMatchObject({ required: false, defaultValue: "", type: "TEXTFIELD_1000" });
    expect(entries.get("messaging.sms.twilio.account")).toMatchObject({ displayOrder: 1, type: expect.stringMatching(/^TEXTFIELD_/) as unknown });
    expect(entries.get("base.url")).toMatchObject({ hideFromConsole: true, required: true, defaultValue: expect.stringMatching(/^https:\/\//) as unknown });
    for (const entry of entries.values()) expect(typeof entry.defaultValue).toBe("string");
  });

  it("finds the element by its numeric id too", async () => {
    expect(await get("/elements/7")).toEqual(await get("/elements/twilio"));
    expect(await get("/elements/503/configuration")).toEqual(await get("/elements/twiliov2/configuration"));
  });

  it("answers 404 naming an unknown element key", async () => {
    expect(await get("/elements/nope")).toMatchObject({ status: 404, json: { message: "No element found with key nope" } });
    expect((await get("/elements/nope/configuration")).status).toBe(404);
  });
});

// The client's definitions and the emulator's description are written separately; this is where
// they must agree on what a user configures. A change to one side alone fails here.
describe("the client's element definitions agree with the emulated platform", () => {
  it.each(ELEMENTS.map((element) => [element.key, element] as const))("%s: the same visible entries, required flags, secrets and defaults", async (key, element) => {
    const entries = await entriesOf(key);
    const visible = [...entries.values()].filter((entry) => !entry.hideFromConsole);
    const own = element.entries.filter((entry) => !entry.platformOwned);
    expect(visible.map((entry) => entry.key).sort()).toEqual(own.map((entry) => entry.key).sort());
    // The platform's own (event) entries the client accepts are hidden entries of the platform.
    const platformOwned = element.entries.filter((entry) => entry.platformOwned);
    expect(platformOwned.map((entry) => [entry.key, entries.get(entry.key)?.hideFromConsole])).toEqual(platformOwned.map((entry) => [entry.key, true]));
    for (const entry of platformOwned)
      expect({ key: entry.key, secret: entries.get(entry.key)?.type === "PASSWORD", required: entries.get(entry.key)?.required }).toEqual({ key: entry.key, secret: entry.secret, required: false });
    for (const entry of own) {
      const theirs = entries.get(entry.key);
      expect({ key: entry.key, required: theirs?.required, secret: theirs?.type === "PASSWORD", default: theirs?.defaultValue }).toEqual({
        key: entry.key,
        required: entry.required,
        secret: entry.secret,
        default: entry.default ?? "",
      });
    }
  });
});
