// "Bring your Logto configuration": `connector init --from-logto <file>` turns a Logto
// Twilio SMS connector config into an instance.json, secrets as ${...} references unless
// --inline-secrets, templates kept; the result validates like any instance.json.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonOf, runInProcess, tempConfigDir } from "./helpers/run.ts";

const SID = "AC0123456789abcdef0123456789abcdef";
const TOKEN = "7a1b2c3d4e5f60718293a4b5c6d7e8f9";
const SERVICE = "MG0123456789abcdef0123456789abcdef";

/** A Logto Twilio SMS connector config, shaped like the one in Logto's documentation. */
const LOGTO = {
  accountSID: SID,
  authToken: TOKEN,
  fromMessagingServiceSID: SERVICE,
  templates: [
    { usageType: "Register", content: "Your Logto sign-up verification code is {{code}}. The code will remain active for 10 minutes." },
    { usageType: "SignIn", content: "Your Logto sign-in verification code is {{code}}. The code will remain active for 10 minutes." },
    { usageType: "Test", content: "Your Logto test verification code is {{code}}. The code will remain active for 10 minutes." },
  ],
};

function workDir(): string {
  return mkdtempSync(join(tmpdir(), "connector-logto-"));
}

function writeLogto(dir: string, value: unknown): string {
  const path = join(dir, "logto.json");
  writeFileSync(path, JSON.stringify(value));
  return path;
}

const env = () => ({ CONNECTOR_CONFIG_DIR: tempConfigDir() });

describe("connector init --from-logto", () => {
  it("writes account, sender and templates, the Auth Token as ${TWILIO_AUTH_TOKEN}, and the file validates", async () => {
    const dir = workDir();
    const out = join(dir, "instance.json");
    const run = await runInProcess(["init", "--from-logto", writeLogto(dir, LOGTO), "--out", out, "--no-input"], env());
    expect(run.code).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text)).toEqual({
      $schema: expect.stringMatching(/schema\/instance\.schema\.json$/),
      element: { key: "twilio" },
      name: "logto-sms",
      tags: [],
      configuration: {
        "messaging.sms.twilio.account": SID,
        "messaging.sms.twilio.token": "${TWILIO_AUTH_TOKEN}",
        "messaging.sms.twilio.sender": SERVICE,
        "messaging.sms.twilio.protocol": "sms",
      },
      templates: LOGTO.templates,
    });
    const validate = await runInProcess(["validate", "--file", out, "--json"], { ...env(), TWILIO_AUTH_TOKEN: TOKEN });
    expect(jsonOf(validate)).toMatchObject({ ok: true, templates: ["Register", "SignIn", "Test"] });
  });

  it("--inline-secrets copies the Auth Token into a 0600 file and warns about it", async () => {
    const dir = workDir();
    const out = join(dir, "instance.json");
    const run = await runInProcess(["init", "--from-logto", writeLogto(dir, LOGTO), "--inline-secrets", "--name", "acme", "--out", out, "--no-input"], env());
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).configuration["messaging.sms.twilio.token"]).toBe(TOKEN);
    expect(JSON.parse(readFileSync(out, "utf8")).name).toBe("acme");
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(run.stderr).toContain("plain text");
    expect(run.stderr + run.stdout).not.toContain(TOKEN);
  });

  it("reads a whole connector object as Logto's Management API returns it ({id, config})", async () => {
    const dir = workDir();
    const run = await runInProcess(["init", "--from-logto", writeLogto(dir, { id: "abc", connectorId: "twilio-short-message-service", config: LOGTO }), "--out", "-", "--json"], env());
    expect(jsonOf(run).document.configuration["messaging.sms.twilio.sender"]).toBe(SERVICE);
  });

  it("reports a template without {{code}} and a missing file with exit 3, naming the fix", async () => {
    const dir = workDir();
    const bad = { ...LOGTO, templates: [{ usageType: "SignIn", content: "no placeholder" }] };
    const run = await runInProcess(["init", "--from-logto", writeLogto(dir, bad), "--out", "-", "--json"], env());
    expect(run.code).toBe(3);
    expect(JSON.stringify(jsonOf(run).error.problems)).toContain("{{code}}");
    const missing = await runInProcess(["init", "--from-logto", join(dir, "nope.json"), "--out", "-", "--json"], env());
    expect(missing.code).toBe(3);
    expect(jsonOf(missing).error.problems[0]).toMatchObject({ key: "from-logto", problem: "missing", flag: "--from-logto" });
  });

  it("into element twiliov2: username and password, and a warning that the Messaging Service is not an entry", async () => {
    const dir = workDir();
    const run = await runInProcess(["init", "--element", "twiliov2", "--from-logto", writeLogto(dir, LOGTO), "--out", "-", "--json"], env());
    const doc = jsonOf(run);
    expect(doc.document.configuration).toEqual({ username: SID, password: "${TWILIO_AUTH_TOKEN}" });
    expect(doc.warnings.join("\n")).toContain("fromMessagingServiceSID");
  });
});
