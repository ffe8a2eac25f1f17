// A configuration change that the platform's PATCH /instances/{id} ignores must not pass for a
// success. Against the emulator in both modes: where the PATCH takes the configuration, nothing
// more is sent; where it ignores it (ignoreConfigurationPatch), provision --if-exists update and
// apply set each entry through /instances/{id}/configuration/{configId}, as churros does; and
// where that fails too (a gate answers it 404), the run fails with exit 5 naming the entries.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.ts";
import { instanceDoc, writeDir } from "./helpers/batch.ts";
import { startGate, type Gate } from "./helpers/gate.ts";
import { AUTH_TOKEN, entryFlags, platformEnv } from "./helpers/platform.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";

const SENDER = "messaging.sms.twilio.sender";
const TOKEN = "messaging.sms.twilio.token";
const NEW_TOKEN = "0123456789abcdef0123456789abcdef";

let applying: RunningEmulator;
let ignoring: RunningEmulator;
let gate: Gate;
beforeAll(async () => {
  applying = await startEmulator();
  ignoring = await startEmulator({ ignoreConfigurationPatch: true });
  gate = await startGate(
    ignoring.url,
    () => undefined,
    (method, url) => (method === "PATCH" && /\/configuration\//.test(url.pathname) ? { status: 404, contentType: "text/html", body: "<html>Not Found</html>" } : undefined),
  );
});
afterAll(async () => {
  await gate.close();
  await applying.close();
  await ignoring.close();
});

const env = (base: string, token = AUTH_TOKEN) => platformEnv(base, { TWILIO_AUTH_TOKEN: token });
const stored = (emulator: RunningEmulator, name: string) => emulator.instances().find((i) => i.name === name)?.configuration;
const entryPatches = (emulator: RunningEmulator) => emulator.requests.filter((r) => r.method === "PATCH" && r.path.includes("/configuration/"));

async function provisioned(base: string, name: string): Promise<NodeJS.ProcessEnv> {
  const first = env(base);
  expect((await runInProcess(["provision", ...entryFlags(name), "--no-input", "--json"], first)).code).toBe(0);
  return first;
}

describe("PATCH /instances/{id} applies the configuration", () => {
  it("provision --if-exists update changes the sender with the one PATCH, nothing entry by entry", async () => {
    const first = await provisioned(applying.url, "applied");
    const run = await runInProcess(["provision", ...entryFlags("applied"), "--sender", "+15005550007", "--if-exists", "update", "--no-input", "--json"], first);
    expect(run.code, run.stderr).toBe(0);
    expect(stored(applying, "applied")?.[SENDER]).toBe("+15005550007");
    expect(entryPatches(applying)).toEqual([]);
  });
});

describe("PATCH /instances/{id} ignores the configuration", () => {
  it("provision --if-exists update sets the sender and the new Auth Token entry by entry, and succeeds", async () => {
    const first = await provisioned(ignoring.url, "ignored");
    const run = await runInProcess(["provision", ...entryFlags("ignored"), "--sender", "+15005550007", "--if-exists", "update", "--no-input", "--json", "--verbose"], {
      ...first,
      TWILIO_AUTH_TOKEN: NEW_TOKEN,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(jsonOf(run)).toMatchObject({ ok: true });
    expect(stored(ignoring, "ignored")).toMatchObject({ [SENDER]: "+15005550007", [TOKEN]: NEW_TOKEN });
    expect(run.stderr).toContain("/configuration/"); // the debug log shows the per-entry PATCH, its value redacted
    expect(run.stderr).not.toContain(NEW_TOKEN);
  });

  it("apply of a changed file sets the changed entry entry by entry", async () => {
    const dir = writeDir({ "a.json": instanceDoc("applied-file") });
    expect((await runInProcess(["apply", "--file", dir, "--json"], env(ignoring.url))).code).toBe(0);
    const changed = writeDir({ "a.json": instanceDoc("applied-file", {}, { [SENDER]: "+15005550008" }) });
    const run = await runInProcess(["apply", "--file", join(changed, "a.json"), "--json"], env(ignoring.url));
    expect(run.code, run.stderr).toBe(0);
    expect(stored(ignoring, "applied-file")?.[SENDER]).toBe("+15005550008");
  });

  it("when the entries cannot be set one by one either, provision --if-exists update and apply fail with exit 5 naming them", async () => {
    const first = await provisioned(gate.url, "stuck");
    const run = await runInProcess(["provision", ...entryFlags("stuck"), "--sender", "+15005550007", "--if-exists", "update", "--no-input", "--json"], first);
    expect(run.code).toBe(5);
    expect(jsonOf(run).error.message).toContain(SENDER);
    expect(stored(ignoring, "stuck")?.[SENDER]).toBe("+15005550006");
    const dir = writeDir({ "stuck.json": instanceDoc("stuck", {}, { [SENDER]: "+15005550009" }) });
    const apply = await runInProcess(["apply", "--file", dir, "--json"], env(gate.url));
    expect(apply.code).toBe(5);
    expect(apply.stdout + apply.stderr).toContain(SENDER);
  });
});
