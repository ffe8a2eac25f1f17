// The emulator's answers against JSON Schemas of the platform's own (tests/schemas/platform-*.json),
// written from what the platform's documentation and test suite say an instance, a list, an element,
// a configuration entry and an error body hold. Every route that answers one of them is exercised.
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.ts";

const NAMES = ["platform-error", "platform-configuration-entry", "platform-element", "platform-instance", "platform-instance-list"] as const;
type SchemaName = (typeof NAMES)[number];

const ajv = new Ajv({ allErrors: true, strict: false });
for (const name of NAMES) ajv.addSchema(JSON.parse(readFileSync(new URL(`./schemas/${name}.schema.json`, import.meta.url), "utf8")) as object);
const validators = new Map<SchemaName, ValidateFunction>(NAMES.map((name) => [name, ajv.getSchema(`${name}.schema.json`) as ValidateFunction]));

/** The schema's verdict on `value`: no problems, or each with where it is. */
function problemsOf(name: SchemaName, value: unknown): string[] {
  const validate = validators.get(name);
  if (!validate) throw new Error(`no schema ${name}`);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}

const PLATFORM = "User u, Organization o";
const SECRET = "fedcba9876543210fedcba9876543210";
const ACCOUNT = "AC0123456789abcdef0123456789abcdef";
const BODIES = {
  twilio: { "messaging.sms.twilio.account": ACCOUNT, "messaging.sms.twilio.token": SECRET, "messaging.sms.twilio.sender": "+15005550006" },
  twiliov2: { username: ACCOUNT, password: SECRET },
};
type Json = Record<string, unknown>;
type Answer = { status: number; json: unknown; headers: Headers };

let emulator: RunningEmulator;
let faulty: RunningEmulator;

async function call(method: string, path: string, body?: unknown, authorization = PLATFORM, on = emulator): Promise<Answer> {
  const response = await fetch(`${on.url}${path}`, {
    method,
    headers: { Authorization: authorization, "Content-Type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json(), headers: response.headers };
}

async function create(key: "twilio" | "twiliov2", name: string, tags: string[] = []): Promise<Json> {
  const created = await call("POST", "/instances", { element: { key }, name, tags, configuration: BODIES[key] });
  expect(created.status).toBe(200);
  return created.json as Json;
}

beforeAll(async () => {
  emulator = await startEmulator();
  faulty = await startEmulator({ faults: [{ kind: "status", status: 503, probability: 1 }] });
});
afterAll(async () => {
  await emulator.close();
  await faulty.close();
});

describe("the schemas can fail", () => {
  it("reject documents that break what the platform's sources say", () => {
    expect(problemsOf("platform-instance", { id: "1", name: "x" })).not.toEqual([]);
    expect(problemsOf("platform-instance-list", [])).not.toEqual([]);
    expect(
      problemsOf("platform-configuration-entry", {
        id: 1,
        key: "k",
        name: "n",
        description: "",
        defaultValue: null,
        type: "TEXTFIELD_32",
        required: true,
        hideFromConsole: false,
        internal: false,
        displayOrder: 1,
      }),
    ).not.toEqual([]);
    expect(problemsOf("platform-element", { id: 7, key: "twilio", name: "Twilio SMS", configuration: [] })).not.toEqual([]);
    expect(problemsOf("platform-error", { message: "no request id" })).not.toEqual([]);
  });
});

describe("instances", () => {
  it("every answer holding an instance is one, its secrets masked", async () => {
    const twilio = await create("twilio", "schema-sms", ["prod"]);
    const v2 = await create("twiliov2", "schema-v2");
    const id = twilio.id as number;
    const answers: [string, unknown][] = [
      ["POST /instances (twilio)", twilio],
      ["POST /instances (twiliov2)", v2],
      ["POST /elements/twiliov2/instances", (await call("POST", "/elements/twiliov2/instances", { name: "by-path", configuration: BODIES.twiliov2 })).json],
      ["GET /instances/{id}", (await call("GET", `/instances/${id}`)).json],
      ["PATCH /instances/{id}", (await call("PATCH", `/instances/${id}`, { tags: ["prod", "eu"] })).json],
      ["PUT /instances/{id}", (await call("PUT", `/instances/${id}`, { name: "schema-sms", tags: ["prod"], configuration: { ...BODIES.twilio, "messaging.sms.twilio.token": "********" } })).json],
      ["DELETE /instances/{id}/enabled", (await call("DELETE", `/instances/${id}/enabled`)).json],
      ["PUT /instances/{id}/enabled", (await call("PUT", `/instances/${id}/enabled`)).json],
    ];
    for (const [where, answer] of answers) {
      expect(problemsOf("platform-instance", answer), where).toEqual([]);
      expect(JSON.stringify(answer), where).not.toContain(SECRET);
    }
    expect((twilio.configuration as Json)["messaging.sms.twilio.token"]).toBe("********");
    expect((v2.configuration as Json).password).toBe("********");
    expect((v2.configuration as Json).username).toBe(ACCOUNT);
  });

  it("every list page is an instance list with its count headers", async () => {
    await create("twilio", "schema-page-1", ["paged"]);
    await create("twilio", "schema-page-2", ["paged"]);
    await create("twilio", "schema-page-3", ["paged"]);
    const pages = [
      await call("GET", "/instances"),
      await call("GET", "/instances?tags[]=paged&pageSize=2"),
      await call("GET", "/elements/twilio/instances?searchText=schema-page"),
      await call("GET", "/elements/7/instances"),
    ];
    const next = pages[1]?.headers.get("elements-next-page-token") ?? "";
    expect(next).not.toBe("");
    pages.push(await call("GET", `/instances?tags[]=paged&pageSize=2&nextPage=${encodeURIComponent(next)}`));
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(problemsOf("platform-instance-list", page.json)).toEqual([]);
      expect(page.headers.get("elements-returned-count")).toBe(String((page.json as unknown[]).length));
      expect(Number(page.headers.get("elements-total-count"))).toBeGreaterThanOrEqual((page.json as unknown[]).length);
    }
  });
});

describe("elements", () => {
  it.each(["twilio", "twiliov2", "7", "503"])("GET /elements/%s is an element and its /configuration a list of entries", async (keyOrId) => {
    const element = await call("GET", `/elements/${keyOrId}`);
    expect(problemsOf("platform-element", element.json)).toEqual([]);
    const entries = (await call("GET", `/elements/${keyOrId}/configuration`)).json as unknown[];
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(problemsOf("platform-configuration-entry", entry)).toEqual([]);
  });
});

describe("error bodies", () => {
  it("every refusal, of every kind, is the platform's error body with the request id of its header", async () => {
    const v2 = await create("twiliov2", "schema-refusals");
    const disabled = await create("twiliov2", "schema-disabled");
    await call("DELETE", `/instances/${disabled.id as number}/enabled`);
    const instance = (token: unknown) => `${PLATFORM}, Element ${String(token)}`;
    const refusals: [string, Answer][] = [
      ["400 not JSON", await call("POST", "/instances", "{oops")],
      ["400 missing entries", await call("POST", "/instances", { element: { key: "twilio" }, name: "x", configuration: {} })],
      ["400 bad id", await call("GET", "/instances/abc")],
      ["400 bad page token", await call("GET", "/instances?nextPage=forged")],
      ["400 Twilio refused", await call("POST", "/hubs/messaging/messages", { To: "+15005550001", From: "+15005550006", Body: "x" }, instance(v2.token))],
      ["401 no secrets", await call("GET", "/instances", undefined, "Bearer x")],
      ["401 unknown instance token", await call("GET", "/hubs/messaging/ping", undefined, instance("nope"))],
      ["403 disabled instance", await call("GET", "/hubs/messaging/ping", undefined, instance(disabled.token))],
      ["404 nothing found", await call("GET", "/instances?searchText=no-such-instance")],
      ["404 unknown instance", await call("GET", "/instances/987654")],
      ["404 unknown element", await call("GET", "/elements/nope")],
      ["404 unknown route", await call("GET", "/widgets")],
      ["405 wrong method", await call("DELETE", "/instances")],
      ["503 injected", await call("GET", "/instances", undefined, PLATFORM, faulty)],
    ];
    for (const [what, answer] of refusals) {
      expect(answer.status, what).toBe(Number(what.slice(0, 3)));
      expect(problemsOf("platform-error", answer.json), what).toEqual([]);
      expect((answer.json as Json).requestId, what).toBe(answer.headers.get("elements-request-id"));
    }
  });
});
