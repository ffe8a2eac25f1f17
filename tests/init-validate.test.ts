// The contract: "init" (with --no-input, from flags and environment) and "validate".
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonOf, runInProcess, tempConfigDir } from "./helpers/run.ts";
import { ACCOUNT_SID, AUTH_TOKEN } from "./helpers/platform.ts";

const workdir = () => mkdtempSync(join(tmpdir(), "connector-init-"));
const complete = ["--name", "acme", "--account-sid", ACCOUNT_SID, "--sender", "+15005550006"];

describe("connector init", () => {
  it("with --no-input writes instance.json from flags and environment, the Auth Token as ${TWILIO_AUTH_TOKEN}", async () => {
    const out = join(workdir(), "instance.json");
    const run = await runInProcess(["init", "--no-input", "--out", out, ...complete], {
      CONNECTOR_CONFIG_DIR: tempConfigDir(),
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_CALLBACK_URL: "https://example.com/cb",
    });
    expect(run.code).toBe(0);
    const written = readFileSync(out, "utf8");
    expect(written).not.toContain(AUTH_TOKEN);
    const doc = JSON.parse(written);
    expect(doc.configuration).toMatchObject({
      "messaging.sms.twilio.account": ACCOUNT_SID,
      "messaging.sms.twilio.token": "${TWILIO_AUTH_TOKEN}",
      "messaging.sms.twilio.sender": "+15005550006",
      "messaging.sms.twilio.protocol": "sms",
      "messaging.sms.twilio.callback.url": "https://example.com/cb",
    });
    const check = await runInProcess(["validate", "--file", out, "--json"], { CONNECTOR_CONFIG_DIR: tempConfigDir(), TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    expect(jsonOf(check)).toMatchObject({ ok: true, problems: [] });
  });

  it("--out - prints the document on stdout and writes no file", async () => {
    const dir = workdir();
    const run = await runInProcess(["init", "--no-input", "--out", "-", ...complete], { CONNECTOR_CONFIG_DIR: tempConfigDir() });
    expect(JSON.parse(run.stdout).name).toBe("acme");
    expect(existsSync(join(dir, "instance.json"))).toBe(false);
  });

  it("refuses to overwrite an existing file without --force, and keeps it intact", async () => {
    const out = join(workdir(), "instance.json");
    writeFileSync(out, "precious");
    const run = await runInProcess(["init", "--no-input", "--out", out, ...complete, "--json"], { CONNECTOR_CONFIG_DIR: tempConfigDir() });
    expect(run.code).toBe(2);
    expect(jsonOf(run).error.hint).toContain("--force");
    expect(readFileSync(out, "utf8")).toBe("precious");
    const forced = await runInProcess(["init", "--no-input", "--out", out, ...complete, "--force"], { CONNECTOR_CONFIG_DIR: tempConfigDir() });
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).name).toBe("acme");
  });

  it("with --no-input and entries missing, exit 3 naming each flag and variable, nothing written", async () => {
    const out = join(workdir(), "instance.json");
    const run = await runInProcess(["init", "--no-input", "--out", out, "--json"], { CONNECTOR_CONFIG_DIR: tempConfigDir() });
    expect(run.code).toBe(3);
    const flags = jsonOf(run).error.problems.map((p: { flag?: string }) => p.flag);
    expect(flags).toEqual(expect.arrayContaining(["--name", "--account-sid", "--sender"]));
    expect(existsSync(out)).toBe(false);
  });
});

describe("connector validate", () => {
  it("a valid configuration: ok true and problems [] in JSON, exit 0, no network", async () => {
    const run = await runInProcess(["validate", "--file", "instance.example.json", "--json"], { CONNECTOR_CONFIG_DIR: tempConfigDir(), CONNECTOR_BASE_URL: "http://127.0.0.1:9/elements/api-v2" });
    expect(run.code).toBe(0);
    expect(jsonOf(run)).toMatchObject({ ok: true, problems: [], name: "acme-sms", element: "twilio" });
  });

  it("reports every problem at once: missing, invalid, unset ${NAME}, with exit 3", async () => {
    const file = join(workdir(), "bad.json");
    writeFileSync(
      file,
      JSON.stringify({
        element: { key: "twilio" },
        configuration: { "messaging.sms.twilio.account": "AC123", "messaging.sms.twilio.token": "${UNSET_TOKEN_VAR}", "messaging.sms.twilio.sender": "+15005550006" },
      }),
    );
    const run = await runInProcess(["validate", "--file", file, "--json"], { CONNECTOR_CONFIG_DIR: tempConfigDir() });
    expect(run.code).toBe(3);
    const problems = jsonOf(run).error.problems as { key: string; problem: string; message: string }[];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: "name", problem: "missing" }),
        expect.objectContaining({ key: "messaging.sms.twilio.account", problem: "invalid" }),
        expect.objectContaining({ key: "messaging.sms.twilio.token", problem: "missing", message: expect.stringContaining("UNSET_TOKEN_VAR") }),
      ]),
    );
  });

  it("malformed JSON is reported with its line and column, exit 3", async () => {
    const file = join(workdir(), "broken.json");
    writeFileSync(file, '{\n  "name": "x",\n  "configuration": {,}\n}');
    const run = await runInProcess(["validate", "--file", file], { CONNECTOR_CONFIG_DIR: tempConfigDir() });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/line 3, column \d+/);
  });

  it("a file that does not exist names the path, exit 3", async () => {
    const run = await runInProcess(["validate", "--file", "/nonexistent/instance.json", "--json"], { CONNECTOR_CONFIG_DIR: tempConfigDir() });
    expect(run.code).toBe(3);
    expect(JSON.stringify(jsonOf(run).error)).toContain("/nonexistent/instance.json");
  });

  it("a failing validate still shows the warnings that often explain it (a misspelt field)", async () => {
    const file = join(workdir(), "typo.json");
    writeFileSync(file, JSON.stringify({ name: "x", configuraton: { "messaging.sms.twilio.account": ACCOUNT_SID } }));
    const run = await runInProcess(["validate", "--file", file, "--json"], { CONNECTOR_CONFIG_DIR: tempConfigDir() });
    expect(run.code).toBe(3);
    expect(jsonOf(run).error.warnings.join(" ")).toContain("configuraton");
    const human = await runInProcess(["validate", "--file", file], { CONNECTOR_CONFIG_DIR: tempConfigDir() });
    expect(human.stderr).toContain("configuraton");
  });

  it("an unknown entry is a warning, not a failure", async () => {
    const run = await runInProcess(["validate", "--file", "instance.example.json", "--config", "messaging.sms.twilio.extra=1", "--json"], { CONNECTOR_CONFIG_DIR: tempConfigDir() });
    expect(run.code).toBe(0);
    expect(jsonOf(run).warnings.join(" ")).toContain("messaging.sms.twilio.extra");
  });
});
