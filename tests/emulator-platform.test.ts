// What the emulator does the way the platform's own tests and documentation say it does: the name
// added to the tags, names without markup, the creating user on every instance, the instance id on calls through an
// instance, the instances of one element, disabling and enabling, and the messaging hub's ping.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/emulator/index.ts";
import type { RunningEmulator } from "../src/emulator/index.ts";

const TWILIO = {
  "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef",
  "messaging.sms.twilio.token": "fedcba9876543210fedcba9876543210",
  "messaging.sms.twilio.sender": "+15005550006",
};
const TWILIOV2 = { username: "AC0123456789abcdef0123456789abcdef", password: "fedcba9876543210fedcba9876543210" };

type Json = Record<string, unknown>;
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

async function call(method: string, path: string, options: { body?: unknown; token?: string; user?: string } = {}): Promise<{ status: number; json: Json; headers: Headers }> {
  const auth = `User ${options.user ?? "u"}, Organization o${options.token ? `, Element ${options.token}` : ""}`;
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { Authorization: auth, "Content-Type": "application/json" },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: response.status, json: (await response.json()) as Json, headers: response.headers };
}

async function create(name: string, key = "twilio", user?: string): Promise<Json> {
  const configuration = key === "twilio" ? TWILIO : TWILIOV2;
  const created = await call("POST", "/instances", { body: { element: { key }, name, configuration }, user });
  expect(created.status).toBe(200);
  return created.json;
}

describe("what the platform does to what it is given", () => {
  it("strips markup from a name and keeps the rest, @ included", async () => {
    const created = await create("<b>acme</b> sms@<i>eu</i>");
    expect(created.name).toBe("acme sms@eu");
    expect((await call("GET", `/instances/${created.id as number}`)).json.name).toBe("acme sms@eu");
  });

  it("adds the name to the tags at creation, once; a PATCH of tags replaces them all, a PUT with [] clears them", async () => {
    const created = await call("POST", "/instances", { body: { element: { key: "twilio" }, name: "tagged-sms", tags: ["prod"], configuration: TWILIO } });
    expect(created.json.tags).toEqual(["prod", "tagged-sms"]);
    const already = await call("POST", "/instances", { body: { element: { key: "twilio" }, name: "twice", tags: ["twice", "eu"], configuration: TWILIO } });
    expect(already.json.tags).toEqual(["twice", "eu"]);
    const stripped = await create("<b>bold</b>-name");
    expect(stripped.tags).toEqual(["bold-name"]);
    const id = created.json.id as number;
    expect((await call("GET", "/instances?tags[]=tagged-sms")).json).toMatchObject([{ id }]);
    expect((await call("PATCH", `/instances/${id}`, { body: { tags: ["eu"] } })).json.tags).toEqual(["eu"]);
    expect((await call("PUT", `/instances/${id}`, { body: { name: "tagged-sms", tags: [], configuration: TWILIO } })).json.tags).toEqual([]);
  });

  it("refuses a name that is nothing but markup", async () => {
    const refused = await call("POST", "/instances", { body: { element: { key: "twilio" }, name: "<script></script>", configuration: TWILIO } });
    expect(refused.status).toBe(400);
  });

  it("shows the user who created the instance, the same user for the same secret, never the secret", async () => {
    const first = await create("owned-1", "twilio", "alice-secret");
    const second = await create("owned-2", "twilio", "alice-secret");
    const other = await create("owned-3", "twilio", "bob-secret");
    expect(first.user).toEqual({
      id: expect.any(Number) as unknown,
      emailAddress: expect.stringContaining("@") as unknown,
      firstName: expect.any(String) as unknown,
      lastName: expect.any(String) as unknown,
    });
    expect(second.user).toEqual(first.user);
    expect(other.user).not.toEqual(first.user);
    expect(JSON.stringify(first)).not.toContain("alice-secret");
  });
});

describe("calls through an instance", () => {
  it("carry elements-element-instance-id on success and on refusal", async () => {
    const created = await create("through");
    const token = created.token as string;
    const sent = await call("POST", "/messages", { token, body: { To: "+15551234567", Body: "hi" } });
    expect(sent.status).toBe(200);
    expect(sent.headers.get("elements-element-instance-id")).toBe(String(created.id));
    const refused = await call("POST", "/messages", { token, body: { To: "+15005550001", Body: "hi" } });
    expect(refused.status).toBe(400);
    expect(refused.headers.get("elements-element-instance-id")).toBe(String(created.id));
    expect((await call("GET", "/instances")).headers.has("elements-element-instance-id")).toBe(false);
  });

  it("carry elements-element-instance-id on every route through an instance, under /hubs/messaging/ too, and on a disabled instance's 403", async () => {
    const created = await create("every-route", "twiliov2");
    const id = String(created.id);
    const token = created.token as string;
    const answers: [string, Awaited<ReturnType<typeof call>>][] = [];
    for (const root of ["", "/hubs/messaging"]) {
      const sent = await call("POST", `${root}/messages`, { token, body: { To: "+15551234567", From: "+15005550006", Body: "hi" } });
      answers.push([`POST ${root}/messages`, sent]);
      answers.push([`GET ${root}/messages/{sid}`, await call("GET", `${root}/messages/${sent.json.sid as string}`, { token })]);
      answers.push([`GET ${root}/messages/{unknown sid}`, await call("GET", `${root}/messages/SM0000`, { token })]);
      answers.push([`GET ${root}/messages`, await call("GET", `${root}/messages`, { token })]);
      answers.push([`GET ${root}/ping`, await call("GET", `${root}/ping`, { token })]);
    }
    await call("DELETE", `/instances/${id}/enabled`);
    answers.push(["POST /hubs/messaging/messages, disabled", await call("POST", "/hubs/messaging/messages", { token, body: { To: "+15551234567", From: "+15005550006", Body: "hi" } })]);
    for (const [where, answer] of answers) expect(answer.headers.get("elements-element-instance-id"), where).toBe(id);
    expect(answers.map(([where, answer]) => `${where}: ${answer.status}`)).toEqual(answers.map(([where]) => `${where}: ${where.includes("unknown") ? 404 : where.includes("disabled") ? 403 : 200}`));
  });

  it("GET /hubs/messaging/ping answers {endpoint, valid: true} for a twiliov2 instance", async () => {
    const created = await create("pingable", "twiliov2");
    const ping = await call("GET", "/hubs/messaging/ping", { token: created.token as string });
    expect(ping).toMatchObject({ status: 200, json: { endpoint: "twiliov2", valid: true } });
    expect(ping.headers.get("elements-element-instance-id")).toBe(String(created.id));
    expect((await call("GET", "/hubs/messaging/ping", { token: "not-a-token" })).status).toBe(401);
  });

  it("a disabled instance's token answers 403 until it is enabled again; a deleted one's 401", async () => {
    const created = await create("switchable", "twiliov2");
    const id = created.id as number;
    const token = created.token as string;
    const disabled = await call("DELETE", `/instances/${id}/enabled`);
    expect(disabled).toMatchObject({ status: 200, json: { id, disabled: true } });
    expect((await call("GET", "/hubs/messaging/ping", { token })).status).toBe(403);
    expect((await call("POST", "/hubs/messaging/messages", { token, body: { To: "+15551234567", From: "+15005550006", Body: "x" } })).status).toBe(403);
    expect((await call("PUT", `/instances/${id}/enabled`)).json).toMatchObject({ id, disabled: false });
    expect((await call("GET", "/hubs/messaging/ping", { token })).status).toBe(200);
    await call("DELETE", `/instances/${id}`);
    expect((await call("GET", "/hubs/messaging/ping", { token })).status).toBe(401);
    expect((await call("PUT", `/instances/${id}/enabled`)).status).toBe(404);
  });
});

describe("GET /elements/{key}/instances", () => {
  it("lists only that element's instances, with createdDate and the list headers", async () => {
    const v2 = await create("v2-listed", "twiliov2");
    const listed = await call("GET", "/elements/twiliov2/instances");
    expect(listed.status).toBe(200);
    const items = listed.json as unknown as Json[];
    expect(items.map((item) => item.id)).toContain(v2.id);
    for (const item of items) expect(item).toMatchObject({ element: { key: "twiliov2" }, createdDate: expect.any(String) as unknown });
    expect(listed.headers.get("elements-total-count")).toBe(String(items.length));
    expect(listed.headers.get("elements-returned-count")).toBe(String(items.length));
    expect((await call("GET", "/elements/503/instances")).json).toEqual(listed.json);
    expect((await call("GET", "/elements/nope/instances")).status).toBe(404);
  });

  it("answers the platform's 404 when the element has no instance matching the search", async () => {
    const none = await call("GET", "/elements/twiliov2/instances?searchText=no-such-name");
    expect(none).toMatchObject({ status: 404, json: { message: "No instances found", requestId: expect.any(String) as unknown } });
  });
});
