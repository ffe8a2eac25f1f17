// The library entry (src/library.ts) called as a Node program would: against the emulator, with a
// temporary config dir, no terminal. It returns data, prints nothing, and throws the CLI's typed
// errors with their exit-code names.
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import {
  ApiError,
  CliError,
  ConfigError,
  NetworkError,
  NotStoredError,
  UsageError,
  deleteInstance,
  exitCodeOf,
  getToken,
  listInstances,
  provision,
  send,
  validate,
  type InstanceDocument,
  type ListedInstance,
  type ProvisionDryRun,
  type ProvisionResult,
  type SendOptions,
  type Settings,
} from "../src/library.ts";
import { secretCount } from "../src/secrets.ts";
import type { CallSettings } from "../src/library/context.ts";
import type { ListedInstance as CommandListedInstance } from "../src/commands/instances-list.ts";
import { startEmulator } from "../src/emulator/index.ts";
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
    // In the library's words: the document and env, no flag.
    expect((error as ConfigError).problems.find((p) => p.key === "messaging.sms.twilio.account")).toEqual({
      key: "messaging.sms.twilio.account",
      problem: "missing",
      env: "TWILIO_ACCOUNT_SID",
      message: 'Missing messaging.sms.twilio.account (Account SID): add it to the document\'s "configuration", or set TWILIO_ACCOUNT_SID in env.',
    });
    for (const problem of (error as ConfigError).problems) expect(problem.message).not.toMatch(/--/);
    expect(platform.emulator.requests.length).toBe(before);
    expect(printed).toEqual([]);
  });

  it("validate checks a file by path without the network; a bad recipient is a UsageError (exit 2)", async () => {
    expect(await validate({ file: "instance.example.json" }, { env: { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN } })).toMatchObject({ problems: [], name: "acme-sms" });
    const error = await send({ ...settings, to: "12", message: "hi" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ message: 'to: "12" is not an E.164 phone number.', hint: 'Did you mean to: "+12"? E.164 is + then the country code and number, no spaces.' });
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

/** The keys a type declares, spelled once: the compiler checks the list against the type, the test against what is returned. */
const keysOf =
  <T>() =>
  <K extends keyof T>(...keys: [keyof T] extends [K] ? K[] : never): string[] =>
    (keys as string[]).sort();

describe("the library's types match what it returns", () => {
  it("a dry run returns the plan, no id or token; a real run its id and token", async () => {
    const dry = await provision(tenant("planned"), { ...settings, dryRun: true });
    expectTypeOf(dry).toEqualTypeOf<ProvisionDryRun>();
    expect(Object.keys(dry).sort()).toEqual(keysOf<ProvisionDryRun>()("dryRun", "request", "operationTag", "name", "element", "profile", "warnings"));
    expect(platform.emulator.instances().map((i) => i.name)).not.toContain("planned");
    const made = await provision(tenant("made"), settings);
    expectTypeOf(made).toEqualTypeOf<ProvisionResult>();
    expect(Object.keys(made).sort()).toEqual(keysOf<ProvisionResult>()("id", "name", "element", "profile", "created", "action", "baseUrl", "tags", "token", "warnings"));
  });

  it("the published types are the ones the commands use: Settings, ListedInstance (the declarations are written out twice for the .d.ts)", () => {
    expectTypeOf<Settings>().toEqualTypeOf<CallSettings>();
    expectTypeOf<ListedInstance>().toEqualTypeOf<CommandListedInstance>();
  });

  it("listInstances gives ListedInstance entries, stored and remote", async () => {
    await provision(tenant("listed"), settings);
    for (const remote of [false, true]) {
      const [instance] = (await listInstances({ ...settings, remote })).instances;
      expectTypeOf(instance).toEqualTypeOf<ListedInstance | undefined>();
      expect(Object.keys(instance ?? {}).sort()).toEqual(keysOf<ListedInstance>()("id", "name", "element", "profile", "baseUrl", "createdAt", "tags", "stored"));
    }
  });
});

describe("options checked at run time, errors in the library's words", () => {
  it("an option a plain JS caller got wrong is a UsageError naming it and what it allows; nothing is sent", async () => {
    const before = platform.emulator.requests.length;
    const wrong: [string, Record<string, unknown>, RegExp][] = [
      ["ifExists", { ifExists: "overwrite" }, /ifExists is "overwrite"; it must be one of "fail", "skip", "update", "create"/],
      ["timeoutSeconds", { timeoutSeconds: -1 }, /timeoutSeconds is -1; it must be a number from 0.001 to 86400/],
      ["retries", { retries: 2.5 }, /retries is 2.5; it must be a whole number from 0 to 20/],
      ["dryRun", { dryRun: "yes" }, /dryRun is "yes"; it must be a boolean/],
      ["signal", { signal: {} }, /signal is a object; it must be an AbortSignal/],
    ];
    for (const [, option, message] of wrong) {
      const error = await provision(tenant("wrong"), { ...settings, ...option } as Settings).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toMatch(message);
    }
    const noRecipient = await send({ ...settings, message: "hi" } as unknown as SendOptions).catch((e: unknown) => e);
    expect(noRecipient).toBeInstanceOf(UsageError);
    expect((noRecipient as UsageError).message).toBe("Option to is required.");
    expect(platform.emulator.requests.length).toBe(before);
  });

  it("hints name the library's options, never a CLI flag", async () => {
    const neither = (await send({ ...settings, to: "+15005550006" }).catch((e: unknown) => e)) as UsageError;
    expect(neither).toBeInstanceOf(UsageError);
    expect(`${neither.message} ${neither.hint}`).toMatch(/Give either message: "<text>" or template: "<usageType>"/);
    await provision(tenant("twice"), settings);
    const conflict = (await provision(tenant("twice"), settings).catch((e: unknown) => e)) as ApiError;
    expect(conflict.hint).toContain('ifExists: "skip"');
    const unset = (await provision(tenant("no-secrets"), { ...settings, userSecret: undefined, orgSecret: undefined }).catch((e: unknown) => e)) as ConfigError;
    expect(unset.problems.map((p) => p.message)).toContain(
      'Missing the platform user secret: CONNECTOR_USER_SECRET is not set and profile "default" has none; give userSecret (or set the variable in env), or store both with: connector login.',
    );
    for (const error of [neither, conflict]) expect(`${error.message} ${error.hint}`).not.toMatch(/--|connector /);
  });

  it("the HTTP layer's errors name baseUrl and the secret settings, not --base-url or connector login", async () => {
    const strict = await startEmulator({ port: 0, userSecret: "the-right-user-secret", orgSecret: "the-right-org-secret" });
    const refused = (await listInstances({ ...settings, remote: true, baseUrl: strict.url, userSecret: "wrong-user-secret" }).catch((e: unknown) => e)) as ApiError;
    await strict.close();
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused.code).toBe("auth");
    expect(refused.hint).toContain("pass the userSecret and orgSecret settings");
    const closed = await startEmulator({ port: 0 });
    const deadUrl = closed.url;
    await closed.close();
    const unreachable = (await listInstances({ ...settings, remote: true, baseUrl: deadUrl, retries: 0 }).catch((e: unknown) => e)) as NetworkError;
    expect(unreachable).toBeInstanceOf(NetworkError);
    for (const error of [refused, unreachable]) expect(`${error.message} ${error.hint ?? ""}`).not.toMatch(/--base-url|connector login/);
    expect(`${unreachable.message} ${unreachable.hint ?? ""}`).toMatch(/connection refused/);
  });

  it("a request past its deadline names timeoutSeconds, not --timeout", async () => {
    const hanging = await startEmulator({ port: 0, faults: [{ kind: "hang", probability: 1, method: "GET", path: "/instances" }] });
    try {
      const error = (await provision(tenant("slow"), { ...settings, baseUrl: hanging.url, timeoutSeconds: 0.2, retries: 0 }).catch((e: unknown) => e)) as NetworkError;
      expect(error).toBeInstanceOf(NetworkError);
      expect(error.message).toMatch(/got no answer within 0\.2 s \(timeoutSeconds\)/);
      expect(error.hint).toBe("Raise the deadline with timeoutSeconds or CONNECTOR_TIMEOUT, or check that the platform is reachable.");
    } finally {
      await hanging.close();
    }
  });

  it("getToken of a name not stored is a local not_found CliError (exit 5), not an ApiError; NotStoredError is exported", async () => {
    const error = (await getToken("nope", settings).catch((e: unknown) => e)) as CliError;
    expect(error).toBeInstanceOf(CliError);
    expect(error).not.toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "not_found", message: 'No stored instance "nope" in profile "default".', hint: "None is stored in this profile: create one with provision()." });
    expect(exitCodeOf(error)).toBe(5);
    expect(exitCodeOf(new NotStoredError("kept", 1))).toBe(9);
  });
});

describe("host state", () => {
  it("each call's secrets are its own: 1000 remote listInstances calls leave the process's registry as it was", { tags: ["slow"] }, async () => {
    const before = secretCount();
    for (const name of ["host-a", "host-b", "host-c"]) await provision(tenant(name), settings);
    expect(secretCount()).toBe(before);
    for (let call = 0; call < 1000; call++) {
      const { instances } = await listInstances({ ...settings, remote: true });
      expect(instances.length).toBeGreaterThanOrEqual(3);
      expect(secretCount()).toBe(before);
    }
  });
});
