// "Bad input" for the command line and the environment: any value of an entry flag,
// --name, --tag, --config, or of the environment variables the CLI reads ends in exit 0, in
// exit 2 (a usage problem, said in one line) or in exit 3 naming the entry, never exit 1 or
// a stack trace. `validate` and `provision --dry-run` only: nothing is sent anywhere.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runInProcess, type RunResult } from "./helpers/run.ts";

const BASE_ENV = {
  CONNECTOR_BASE_URL: "http://127.0.0.1:9/elements/api-v2",
  CONNECTOR_CONFIG_DIR: join(mkdtempSync(join(tmpdir(), "connector-fuzz-")), "config"),
  CONNECTOR_USER_SECRET: "user-secret-fuzz",
  CONNECTOR_ORG_SECRET: "org-secret-fuzz",
  TWILIO_ACCOUNT_SID: "AC0123456789abcdef0123456789abcdef",
  TWILIO_AUTH_TOKEN: "5f4dcc3b5aa765d61d8327deb882cf99",
  TWILIO_SENDER: "+15005550006",
};
const NAME = ["--name", "fuzzed"];

const ENTRY_FLAGS: Record<string, string> = {
  "--account-sid": "messaging.sms.twilio.account",
  "--auth-token": "messaging.sms.twilio.token",
  "--sender": "messaging.sms.twilio.sender",
  "--protocol": "messaging.sms.twilio.protocol",
  "--callback-url": "messaging.sms.twilio.callback.url",
};
const ENV_ENTRIES: Record<string, string> = {
  TWILIO_ACCOUNT_SID: "messaging.sms.twilio.account",
  TWILIO_AUTH_TOKEN: "messaging.sms.twilio.token",
  TWILIO_SENDER: "messaging.sms.twilio.sender",
  TWILIO_CALLBACK_URL: "messaging.sms.twilio.callback.url",
};
const GLOBAL_ENV = ["CONNECTOR_TIMEOUT", "CONNECTOR_RETRIES", "CONNECTOR_PROFILE", "CONNECTOR_NO_INPUT", "NO_COLOR", "FORCE_COLOR", "DEBUG", "CI"];

/** Strings people and generators produce: unicode, controls, flag-like, huge, empty (no NUL: no environment holds one). */
const anyText = fc
  .oneof(
    fc.string({ unit: "binary", maxLength: 80 }),
    fc.string({ maxLength: 20 }).map((s) => `-${s}`),
    fc.constantFrom("", " ", "=", "--", "${UNSET}", "${TWILIO_SENDER}", "AC", "+", "+1".padEnd(40, "9"), "x".repeat(100_000)),
  )
  .map((s) => s.replace(/\0/g, ""));

/** The contract's promise for one run; the keys of the problems reported. */
function judge(run: RunResult): { code: number; keys: string[] } {
  expect([0, 2, 3], `exit ${run.code}\n${run.stdout}\n${run.stderr}`).toContain(run.code);
  expect(run.stderr).not.toMatch(/\n\s+at |Unexpected error/);
  const lines = run.stdout.trim().split("\n");
  expect(lines).toHaveLength(1);
  const doc = JSON.parse(lines[0] ?? "") as { ok: boolean; error?: { message: string; problems?: { key: string }[] } };
  expect(doc.ok).toBe(run.code === 0);
  if (run.code !== 0) expect(doc.error?.message).toMatch(/\S/);
  const keys = (doc.error?.problems ?? []).map((p) => p.key);
  if (run.code === 3) expect(keys.length).toBeGreaterThan(0);
  return { code: run.code, keys };
}

describe("fuzzing flags and environment", () => {
  it("any value of one entry flag: exit 0, 2, or 3 naming exactly that entry", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(ENTRY_FLAGS)), anyText, async (flag, value) => {
        const outcome = judge(await runInProcess(["validate", ...NAME, `${flag}=${value}`, "--json"], BASE_ENV));
        if (outcome.code === 3) expect(outcome.keys).toEqual([ENTRY_FLAGS[flag]]);
      }),
      { numRuns: 150 },
    );
  });

  it("any --name, --tag and --config values: exit 0, 2 or 3 naming name, config or the entry set", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, fc.array(anyText, { maxLength: 3 }), fc.array(anyText, { maxLength: 3 }), async (name, tags, configs) => {
        const args = ["validate", `--name=${name}`, ...tags.map((t) => `--tag=${t}`), ...configs.map((c) => `--config=${c}`), "--json"];
        const outcome = judge(await runInProcess(args, BASE_ENV));
        const configKeys = configs.map((c) => c.slice(0, c.indexOf("=")));
        if (outcome.code === 3) for (const key of outcome.keys) expect(["name", "config", "tags", ...configKeys, ...Object.values(ENTRY_FLAGS)]).toContain(key);
      }),
      { numRuns: 150 },
    );
  });

  it("any value of an entry's environment variable: exit 0 or 3 naming that entry (with its variable)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(ENV_ENTRIES)), anyText, async (name, value) => {
        const outcome = judge(await runInProcess(["validate", ...NAME, "--json"], { ...BASE_ENV, [name]: value }));
        expect(outcome.code).not.toBe(2);
        if (outcome.code === 3) expect(outcome.keys).toEqual([ENV_ENTRIES[name]]);
      }),
      { numRuns: 120 },
    );
  });

  it("any value of the CLI's own variables (timeout, retries, profile, colour, CI, DEBUG): exit 0, 2 or 3", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...GLOBAL_ENV), anyText, fc.boolean(), async (name, value, dryRun) => {
        const args = dryRun ? ["provision", ...NAME, "--dry-run", "--json", "--no-input"] : ["validate", ...NAME, "--json"];
        judge(await runInProcess(args, { ...BASE_ENV, [name]: value }));
      }),
      { numRuns: 120 },
    );
  });

  it("${NAME} in instance.json expanded to any environment value: exit 0 or 3 naming the entry", async () => {
    const file = JSON.stringify({ element: { key: "twilio" }, name: "fuzzed", configuration: { "messaging.sms.twilio.sender": "${FUZZ_SENDER}" } });
    await fc.assert(
      fc.asyncProperty(anyText, async (value) => {
        const outcome = judge(await runInProcess(["validate", "--file", "-", "--json"], { ...BASE_ENV, TWILIO_SENDER: "", FUZZ_SENDER: value }, file));
        if (outcome.code === 3) expect(outcome.keys).toEqual(["messaging.sms.twilio.sender"]);
      }),
      { numRuns: 100 },
    );
  });
});
