// "Provision with a test message, all or nothing": `provision --test-to` creates the
// instance, sends the Test template (else Generic, else a fixed text) through it, and when
// Twilio refuses, deletes the new instance, stores nothing and exits 7 with Twilio's code.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonOf, runInProcess } from "./helpers/run.ts";
import { AUTH_TOKEN, REFUSED_TEST_NUMBERS, entryFlags, usePlatform } from "./helpers/platform.ts";

const platform = usePlatform();
const env = () => ({ ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
const messages = () => platform.emulator.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages"));
const stored = async (e: NodeJS.ProcessEnv) => jsonOf(await runInProcess(["instances", "list", "--json"], e)).instances as { name: string }[];

function instanceFile(name: string, templates: { usageType: string; content: string }[]): string {
  const path = join(platform.env.CONNECTOR_CONFIG_DIR ?? "", "..", `${name}.json`);
  const configuration = { "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef", "messaging.sms.twilio.sender": "+15005550006" };
  writeFileSync(path, JSON.stringify({ element: { key: "twilio" }, name, configuration, templates }));
  return path;
}

describe("connector provision --test-to", () => {
  it("creates the instance, sends the Test template through it, stores the token and reports the message", async () => {
    const e = env();
    const file = instanceFile("with-test", [
      { usageType: "Generic", content: "Code {{code}}" },
      { usageType: "Test", content: "Test {{code}} from Acme" },
    ]);
    const run = await runInProcess(["provision", "--file", file, "--test-to", "+15551234567", "--json"], e);
    expect(run.code).toBe(0);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ ok: true, created: true, testMessage: { status: "queued", to: "+15551234567", template: "Test" } });
    expect(doc.testMessage.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(JSON.parse(messages().at(-1)?.body ?? "{}")).toEqual({ To: "+15551234567", Body: `Test ${doc.testMessage.code} from Acme`, From: "+15005550006" });
    expect((await stored(e)).map((i) => i.name)).toEqual(["with-test"]);
  });

  it("falls back to the Generic template, then to a fixed text", async () => {
    const generic = await runInProcess(["provision", "--file", instanceFile("generic", [{ usageType: "Generic", content: "Your code {{code}}" }]), "--test-to", "+15551234567", "--json"], env());
    expect(jsonOf(generic).testMessage.template).toBe("Generic");
    const plain = await runInProcess(["provision", ...entryFlags("plain"), "--test-to", "+15551234567", "--json"], env());
    expect(plain.code).toBe(0);
    expect(JSON.parse(messages().at(-1)?.body ?? "{}").Body).toBe("Test message from connector: instance plain can send SMS.");
  });

  it.each(REFUSED_TEST_NUMBERS)("a refused test message to %s deletes the new instance, stores nothing and exits 7 with Twilio's %i", async (to, code) => {
    const e = env();
    const name = `rollback-${code}`;
    const run = await runInProcess(["provision", ...entryFlags(name), "--test-to", to, "--json"], e);
    expect(run.code).toBe(7);
    const doc = jsonOf(run);
    expect(doc.error).toMatchObject({ code: "provider", twilioCode: code });
    expect(doc.error.message).toMatch(/was deleted and nothing was stored/);
    const created = platform.emulator.requests.filter((r) => r.method === "POST" && r.path.endsWith("/instances")).length;
    expect(created).toBeGreaterThan(0);
    expect(platform.emulator.instances().some((i) => i.name === name)).toBe(false);
    expect(platform.emulator.requests.some((r) => r.method === "DELETE")).toBe(true);
    expect(await stored(e)).toEqual([]);
  });

  it("never deletes an instance that already existed (--if-exists skip): exit 7, instance kept", async () => {
    const e = env();
    expect((await runInProcess(["provision", ...entryFlags("existing"), "--json"], e)).code).toBe(0);
    const run = await runInProcess(["provision", ...entryFlags("existing"), "--if-exists", "skip", "--test-to", "+15005550001", "--json"], e);
    expect(run.code).toBe(7);
    expect(jsonOf(run).error.message).toMatch(/was kept, not deleted/);
    expect(platform.emulator.instances().some((i) => i.name === "existing")).toBe(true);
  });

  it("checks --test-to before anything is created: a number without + is a usage error (exit 2)", async () => {
    const before = platform.emulator.requests.length;
    const run = await runInProcess(["provision", ...entryFlags("bad-to"), "--test-to", "15551234567", "--json"], env());
    expect(run.code).toBe(2);
    expect(jsonOf(run).error.hint).toContain("+15551234567");
    expect(platform.emulator.requests.slice(before).filter((r) => r.method !== "GET")).toEqual([]);
  });
});
