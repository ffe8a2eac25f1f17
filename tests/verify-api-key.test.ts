// `connector verify` with a Twilio API key instead of the Auth Token: `--api-key` or
// TWILIO_API_KEY (SK + 32 hex), its secret from TWILIO_API_SECRET or a masked prompt and never
// the command line, Basic auth with the key SID and the Account SID still in the path, every
// secret redacted. A Standard key cannot read the account resource, so the key is proven on the
// account's numbers. Against the emulator's Twilio API, which knows one Standard and one Main key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.ts";
import { SEEDED_ACCOUNT } from "../src/emulator/twilio-seed.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";
import { platformEnv } from "./helpers/platform.ts";
import { scriptedPrompter } from "./helpers/prompts.ts";

const AC = SEEDED_ACCOUNT.sid;
const [STANDARD, MAIN] = SEEDED_ACCOUNT.apiKeys as [(typeof SEEDED_ACCOUNT.apiKeys)[number], (typeof SEEDED_ACCOUNT.apiKeys)[number]];

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator.close();
});

/** verify's argv for the seeded account and sender, against the emulator's Twilio API. */
const verifyArgs = (...extra: string[]) => ["verify", "--name", "demo", "--account-sid", AC, "--sender", "+15551230000", "--twilio-api-url", emulator.twilioApiUrl, ...extra];
/** No TWILIO_AUTH_TOKEN: with an API key, the instance's Auth Token is not what asks Twilio. */
const envWith = (extra: NodeJS.ProcessEnv) => platformEnv(emulator.url, extra);
const twilioReads = () => emulator.requests.filter((request) => request.path.startsWith("/2010-04-01/"));

describe("connector verify with an API key", () => {
  it("a Standard key: Basic auth with the key SID, the Account SID in the path, proven on the account's numbers; exit 0", async () => {
    const before = twilioReads().length;
    const run = await runInProcess(verifyArgs("--api-key", STANDARD.sid, "--json"), envWith({ TWILIO_API_SECRET: STANDARD.secret }));
    expect(run.code, run.stdout).toBe(0);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({
      ok: true,
      credential: "api-key",
      checks: [
        { check: "credentials", status: "passed" },
        { check: "sender", status: "passed" },
      ],
    });
    expect(doc.checks[0].request).toBe(`GET /2010-04-01/Accounts/${AC}/IncomingPhoneNumbers.json`);
    expect(doc.checks[0].summary).toMatch(/An API key cannot show whether the account is active, trial or suspended, and the Auth Token the instance keeps was not checked/);
    expect(doc.warnings.join("\n")).toContain("Verified with an API key: the instance keeps the Auth Token");
    const reads = twilioReads().slice(before);
    expect(reads.map((r) => r.path)).not.toContain(`/2010-04-01/Accounts/${AC}.json`);
    expect(reads.every((r) => r.headers.authorization === `Basic ${Buffer.from(`${STANDARD.sid}:${STANDARD.secret}`).toString("base64")}`)).toBe(true);
  });

  it("TWILIO_API_KEY works as --api-key does, a Main key too; the Auth Token's absence only warns", async () => {
    const run = await runInProcess(verifyArgs("--json"), envWith({ TWILIO_API_KEY: MAIN.sid, TWILIO_API_SECRET: MAIN.secret }));
    expect(run.code, run.stdout).toBe(0);
    expect(jsonOf(run).warnings.join("\n")).toMatch(/Missing messaging\.sms\.twilio\.token.*not needed to verify/);
  });

  it("a wrong secret is Twilio's 20003 with the API key's hint: exit 3", async () => {
    const run = await runInProcess(verifyArgs("--api-key", STANDARD.sid, "--json"), envWith({ TWILIO_API_SECRET: "not-the-secret" }));
    expect(run.code).toBe(3);
    const [credentials] = jsonOf(run).checks;
    expect(credentials).toMatchObject({ status: "failed", twilioCode: 20003, summary: expect.stringContaining("Twilio rejected the API key and its secret") });
    expect(credentials.hint).toMatch(/^Check TWILIO_API_KEY/);
  });

  it("asks for the secret, masked, at a terminal; without one and --no-input, exit 3 naming TWILIO_API_SECRET", async () => {
    const prompter = scriptedPrompter([[`Secret of Twilio API key ${STANDARD.sid}`, STANDARD.secret]]);
    const asked = await runInProcess(verifyArgs("--api-key", STANDARD.sid), envWith({}), "", prompter);
    expect(asked.code, asked.stdout + asked.stderr).toBe(0);
    expect(prompter.asked).toMatchObject([{ kind: "text", masked: true }]);
    const refused = await runInProcess(verifyArgs("--api-key", STANDARD.sid, "--json", "--no-input"), envWith({}));
    expect(refused.code).toBe(3);
    expect(jsonOf(refused).error.problems).toEqual([expect.objectContaining({ key: "twilio.apiSecret", problem: "missing", env: "TWILIO_API_SECRET" })]);
  });

  it("a key that is not SK + 32 hex is invalid (exit 3, naming the flag); --api-secret is refused (exit 2) and its value never shown", async () => {
    const invalid = await runInProcess(verifyArgs("--api-key", "SKnope", "--json"), envWith({ TWILIO_API_SECRET: "s" }));
    expect(invalid.code).toBe(3);
    expect(jsonOf(invalid).error.problems).toEqual([expect.objectContaining({ key: "twilio.apiKey", flag: "--api-key", env: "TWILIO_API_KEY" })]);
    const onCommandLine = await runInProcess(verifyArgs("--api-key", STANDARD.sid, "--api-secret", "leaky-secret-value", "--json"), envWith({}));
    expect(onCommandLine.code).toBe(2);
    expect(jsonOf(onCommandLine).error.message).toContain("--api-secret is not taken: it would put a secret in your shell history");
    expect(onCommandLine.stdout + onCommandLine.stderr).not.toContain("leaky-secret-value");
  });

  it("never shows the secret or the Authorization value, even with --verbose", async () => {
    const run = await runInProcess(verifyArgs("--api-key", STANDARD.sid, "--verbose"), envWith({ TWILIO_API_SECRET: STANDARD.secret }));
    expect(run.code).toBe(0);
    const all = run.stdout + run.stderr;
    expect(all).toContain("Authorization");
    expect(all).not.toContain(STANDARD.secret);
    expect(all).not.toContain(Buffer.from(`${STANDARD.sid}:${STANDARD.secret}`).toString("base64"));
  });

  it("without an API key, the Auth Token asks as before, on the account resource", async () => {
    const run = await runInProcess(verifyArgs("--json"), envWith({ TWILIO_AUTH_TOKEN: SEEDED_ACCOUNT.authToken }));
    expect(run.code, run.stdout).toBe(0);
    expect(jsonOf(run)).toMatchObject({ credential: "auth-token", checks: [{ request: `GET /2010-04-01/Accounts/${AC}.json` }, {}] });
  });
});
