// The library entry (src/library.ts) called as a Node program would: against the emulator, with a
// temporary config dir, no terminal. It returns data, prints nothing, and throws the CLI's typed
// errors with their exit-code names.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, ConfigError, UsageError, deleteInstance, exitCodeOf, getToken, listInstances, provision, send, validate, type InstanceDocument, type Settings } from "../src/library.ts";
import { spawn } from "node:child_process";
import { ACCOUNT_SID, AUTH_TOKEN, ORG_SECRET, USER_SECRET, usePlatform } from "./helpers/platform.ts";
import { outcomeOf, tempConfigDir } from "./helpers/run.ts";

const platform = usePlatform();
let settings: Settings;
let printed: string[];

const tenant = (name: string): InstanceDocument => ({
  element: { key: "twilio" },
  name,
  tags: ["tenant"],
  configuration: { "messaging.sms.twilio.account": ACCOUNT_SID, "messaging.sms.twilio.token": "${TWILIO_AUTH_TOKEN}", "messaging.sms.twilio.sender": "+15005550006" },
  templates: [{ usageType: "SignIn", content: "Your code is {{code}}" }],
});

beforeEach(() => {
  // Secrets and the config dir come from the settings alone: the test process's environment is not read.
  settings = { baseUrl: platform.emulator.url, userSecret: USER_SECRET, orgSecret: ORG_SECRET, env: { CONNECTOR_CONFIG_DIR: platform.env.CONNECTOR_CONFIG_DIR, TWILIO_AUTH_TOKEN: AUTH_TOKEN } };
  printed = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("the library", () => {
  it("provisions a tenant from a document, stores its token, and sends through it; nothing printed", async () => {
    const created = await provision(tenant("acme"), settings);
    expect(created).toMatchObject({ name: "acme", element: "twilio", created: true, action: "created", profile: "default" });
    expect(platform.emulator.instances().find((i) => i.id === created.id)?.name).toBe("acme");
    expect(await getToken("acme", settings)).toBe(created.token);
    const sent = await send({ ...settings, to: "+15005550006", template: "SignIn", code: "123456" });
    expect(sent).toMatchObject({ status: expect.any(String), to: "+15005550006" });
    expect(platform.emulator.messages().at(-1)?.body).toBe("Your code is 123456");
    expect((await listInstances(settings)).instances.map((i) => i.name)).toEqual(["acme"]);
    expect(await deleteInstance("acme", settings)).toMatchObject({ id: created.id, deleted: true });
    expect(printed).toEqual([]);
  });

  it("a second provision of the same name: the platform's conflict as ApiError (exit 5); ifExists skip keeps it", async () => {
    const first = await provision(tenant("dup"), settings);
    const error = await provision(tenant("dup"), settings).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "conflict" });
    expect(exitCodeOf(error)).toBe(5);
    expect(await provision(tenant("dup"), { ...settings, ifExists: "skip" })).toMatchObject({ id: first.id, created: false, action: "kept" });
  });

  it("a document with missing entries: ConfigError listing every problem, code missing_config (exit 3), nothing sent", async () => {
    const before = platform.emulator.requests.length;
    const error = await provision({ name: "incomplete", configuration: {} }, settings).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe("missing_config");
    expect(exitCodeOf(error)).toBe(3);
    expect((error as ConfigError).problems.map((p) => p.key).sort()).toEqual(["messaging.sms.twilio.account", "messaging.sms.twilio.sender"]); // the token comes from settings.env
    expect(platform.emulator.requests.length).toBe(before);
    expect(printed).toEqual([]);
  });

  it("validate checks a file by path without the network; a bad recipient is a UsageError (exit 2)", async () => {
    expect(await validate({ file: "instance.example.json" }, { env: { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN } })).toMatchObject({ problems: [], name: "acme-sms" });
    const error = await send({ ...settings, to: "12", message: "hi" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(exitCodeOf(error)).toBe(2);
  });

  it("leaves its host's V8 flags alone: a program that imports the built library and provisions keeps its cachedDataVersionTag", async () => {
    // Through the network layer (undici, which once set --liftoff-only as it loaded): the flags are the CLI's entry's business.
    const host = `
      import v8 from "node:v8";
      const before = v8.cachedDataVersionTag();
      const { provision } = await import(${JSON.stringify(new URL("../dist/library.js", import.meta.url).href)});
      const made = await provision(JSON.parse(process.env.DOC), { baseUrl: process.env.BASE_URL, userSecret: "${USER_SECRET}", orgSecret: "${ORG_SECRET}" });
      process.stdout.write(JSON.stringify({ id: made.id, before, after: v8.cachedDataVersionTag() }));`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", host], {
      env: { PATH: process.env.PATH, CONNECTOR_CONFIG_DIR: tempConfigDir(), TWILIO_AUTH_TOKEN: AUTH_TOKEN, BASE_URL: platform.emulator.url, DOC: JSON.stringify(tenant("host-flags")) },
    });
    const run = await outcomeOf(child);
    expect(run.code, run.stderr).toBe(0);
    const { id, before, after } = JSON.parse(run.stdout) as { id: number; before: number; after: number };
    expect(id).toBeGreaterThan(0);
    expect(after).toBe(before);
  });
});
