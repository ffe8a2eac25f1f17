// A new user's first hour, run with the built binary against the emulator: the small things
// that each cost a retry (hints that paste, every problem at once, --json always one document,
// help that names the command, ./instance.json by default, the dry run's operation tag, the
// template used, warnings that name the variable, plurals).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { shellQuote } from "../src/ui/shell-quote.ts";
import { plural } from "../src/ui/plural.ts";
import { describeStats, tryLine } from "../src/commands/emulator.ts";
import { BIN, jsonOf, runBinary, tempConfigDir, type RunResult } from "./helpers/run.ts";
import { startCli, waitUntil } from "./helpers/spawn-cli.ts";
import { ACCOUNT_SID, AUTH_TOKEN, usePlatform } from "./helpers/platform.ts";

const platform = usePlatform();
const twilio = { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN };

/** The binary run in directory `cwd` (for ./instance.json), with exactly `env` plus PATH. */
function runIn(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return runBinary(args, env, undefined, cwd);
}

/** Splits a suggested command line into its leading VAR=value words and connector's arguments. */
function parseSuggestion(line: string): { env: Record<string, string>; args: string[] } {
  const words = line.trim().split(/\s+/);
  const at = words.indexOf("connector");
  const env = Object.fromEntries(words.slice(0, at).map((word) => [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)]));
  return { env, args: words.slice(at + 1) };
}

describe("hints that paste", () => {
  it("a value in a hint is quoted for the shell: Print it with: connector token 'my sms'", async () => {
    expect([shellQuote("acme-sms"), shellQuote("my sms"), shellQuote("it's"), shellQuote("$(rm)")]).toEqual(["acme-sms", "'my sms'", "'it'\\''s'", "'$(rm)'"]);
    const run = await runBinary(["provision", "--name", "my sms", "--sender", "+15005550006"], { ...platform.env, ...twilio });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Print it with: connector token 'my sms'");
    const token = await runBinary(["token", "my sms"], platform.env);
    expect(token.code).toBe(0);
  });

  it("the --auth-token warning names TWILIO_AUTH_TOKEN", async () => {
    const run = await runBinary(["validate", "--name", "x", "--account-sid", ACCOUNT_SID, "--sender", "+15005550006", "--auth-token", AUTH_TOKEN], {});
    expect(run.stderr).toMatch(/--auth-token puts a secret in your shell history.*set TWILIO_AUTH_TOKEN instead/);
  });
});

describe("every problem at once", () => {
  it("missing platform secrets are reported with the missing entries, in the same run", async () => {
    const { CONNECTOR_USER_SECRET: _user, CONNECTOR_ORG_SECRET: _org, ...noSecrets } = platform.env;
    const before = platform.emulator.requests.length;
    const run = await runBinary(["provision", "--name", "x", "--json"], noSecrets);
    expect(run.code).toBe(3);
    const keys = jsonOf(run)
      .error.problems.map((p: { key: string }) => p.key)
      .sort();
    expect(keys).toEqual(["messaging.sms.twilio.account", "messaging.sms.twilio.sender", "messaging.sms.twilio.token", "orgSecret", "userSecret"]);
    expect(jsonOf(run).error.message).toBe("Cannot provision: 3 missing or invalid entries and 2 missing platform secrets; nothing was sent.");
    expect(platform.emulator.requests.length).toBe(before);
  });
});

describe("the emulator's Try: line", () => {
  it("never prints the secrets it was given, names their variables, and works once they are set", async () => {
    const cli = startCli(["emulator", "--port", "0", "--user-secret", "chosen-user-s3cret", "--org-secret", "chosen-org-s3cret"], {});
    try {
      let stderr = "";
      cli.child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      await waitUntil(() => /Try.*\n.*connector provision.*\n/.test(stderr), 15_000);
      expect(stderr).not.toContain("chosen-user-s3cret");
      expect(stderr).not.toContain("chosen-org-s3cret");
      expect(stderr).toContain("Try, with CONNECTOR_USER_SECRET and CONNECTOR_ORG_SECRET set to the secrets you passed:");
      const suggested = parseSuggestion(stderr.split("\n")[1] ?? "");
      const run = await runBinary(suggested.args, { ...suggested.env, CONNECTOR_CONFIG_DIR: tempConfigDir(), CONNECTOR_USER_SECRET: "chosen-user-s3cret", CONNECTOR_ORG_SECRET: "chosen-org-s3cret" });
      expect(run.code, run.stderr).toBe(0);
    } finally {
      cli.child.kill("SIGTERM");
      await cli.done;
    }
  });

  it("without chosen secrets it works as printed, in any directory", async () => {
    const suggested = parseSuggestion(tryLine(platform.emulator.url, {}).split("\n")[1] ?? "");
    const run = await runIn(mkdtempSync(join(tmpdir(), "connector-anywhere-")), suggested.args, { ...suggested.env, CONNECTOR_CONFIG_DIR: tempConfigDir() });
    expect(run.code, run.stderr).toBe(0);
  });

  it("counts read right: Served 1 request, injected 0 faults", () => {
    expect(describeStats({ requests: 1, faults: {} } as Parameters<typeof describeStats>[0])).toBe("Served 1 request, injected 0 faults.");
    expect([plural(1, "entry", "entries"), plural(2, "entry", "entries"), plural(0, "fault")]).toEqual(["1 entry", "2 entries", "0 faults"]);
  });
});

describe("--json is always one document", () => {
  it("connector --json: a usage error document, exit 2", async () => {
    const run = await runBinary(["--json"], {});
    expect(run.code).toBe(2);
    expect(jsonOf(run)).toMatchObject({ ok: false, error: { code: "usage", message: "No command given." } });
  });

  it("connector help nosuch says the command is unknown, as text and as one JSON document", async () => {
    const text = await runBinary(["help", "nosuch"], {});
    expect(text.code).toBe(2);
    expect(text.stderr).toContain("unknown command 'nosuch'");
    expect(text.stdout).toBe("");
    const json = await runBinary(["help", "instancs", "--json"], {});
    expect(jsonOf(json)).toMatchObject({ ok: false, error: { code: "usage", message: "unknown command 'instancs'", suggestion: "instances" } });
  });

  it("connector version points at --version (not at verify, the closest command)", async () => {
    const run = await runBinary(["version"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Did you mean connector --version?");
    expect(run.stderr).not.toContain("verify");
    expect(jsonOf(await runBinary(["version", "--json"], {})).error).toMatchObject({ code: "usage", suggestion: "connector --version" });
  });

  it("a base URL without /elements/api-v2 is refused before any request (its 404 would read as 'no instances')", async () => {
    const platformRoot = platform.env.CONNECTOR_BASE_URL?.replace(/\/elements\/api-v2$/, "") ?? "";
    const before = platform.emulator.requests.length;
    const run = await runBinary(["instances", "list", "--remote", "--json"], { ...platform.env, CONNECTOR_BASE_URL: platformRoot });
    expect(run.code).toBe(2);
    expect(jsonOf(run).error.message).toContain("does not end in /elements/api-v2");
    expect(jsonOf(run).error.hint).toContain(`--base-url ${platformRoot}/elements/api-v2`);
    expect(platform.emulator.requests.length).toBe(before);
  });

  it("under GitHub Actions a missing platform secret is told to come from the workflow's secrets, not from connector login", async () => {
    const run = await runBinary(["instances", "list", "--remote"], { CONNECTOR_BASE_URL: platform.env.CONNECTOR_BASE_URL, CONNECTOR_CONFIG_DIR: tempConfigDir(), GITHUB_ACTIONS: "true" });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("env: CONNECTOR_USER_SECRET: ${{ secrets.CONNECTOR_USER_SECRET }}");
    expect(run.stderr).toContain("env: CONNECTOR_ORG_SECRET: ${{ secrets.CONNECTOR_ORG_SECRET }}");
    expect(run.stderr).not.toContain("connector login");
  });

  it("a flags-only command for another element never merges ./instance.json: exit 2 naming both elements, nothing sent", async () => {
    const dir = mkdtempSync(join(tmpdir(), "other-element-"));
    const env = { ...platform.env, ...twilio };
    expect((await runIn(dir, ["init", "--no-input", "--name", "acme", "--sender", "+15005550006", "--account-sid", ACCOUNT_SID], env)).code).toBe(0);
    const before = platform.emulator.requests.length;
    const args = ["provision", "--element", "twiliov2", "--name", "acme-v2", "--account-sid", ACCOUNT_SID, "--json"];
    const run = await runIn(dir, args, env);
    expect(run.code).toBe(2);
    const error = jsonOf(run).error;
    expect(error.message).toContain("--element twiliov2 was given, but ./instance.json (read because no --file was given) is an instance of element twilio");
    expect(error.hint).toContain("--file");
    expect(platform.emulator.requests.length).toBe(before);
    const named = await runIn(dir, ["validate", "--element", "twiliov2", "--file", "instance.json", "--json"], env);
    expect(named.code).toBe(2);
    expect(jsonOf(named).error.message).toContain("instance.json is an instance of element twilio");
    expect((await runIn(dir, ["validate", "--element", "twilio", "--json"], env)).code).toBe(0);
  });

  it("a file that is not JSON is reported once, its place first (file:line:column), not twice", async () => {
    const dir = mkdtempSync(join(tmpdir(), "broken-"));
    const file = join(dir, "instance.json");
    writeFileSync(file, '{"name": "x",\n');
    const run = await runBinary(["validate", "--file", file], {});
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`Error: ${file}:2:1: Invalid ${file}: not valid JSON, line 2, column 1`);
    expect(run.stderr.split("not valid JSON")).toHaveLength(2);
  });

  it("a typo's suggestion is its own field, and the hint names the command being typed", async () => {
    const typo = await runBinary(["tokn", "x", "--json"], {});
    expect(jsonOf(typo).error).toMatchObject({ code: "usage", message: "unknown command 'tokn'", suggestion: "token" });
    const option = await runBinary(["token", "--bogus", "x", "--json"], {});
    expect(jsonOf(option).error.hint).toBe("Run connector token --help for its usage.");
    const missing = await runBinary(["instances", "show"], {});
    expect(missing.stderr).toContain("Run connector instances show --help for its usage.");
    const group = await runBinary(["instances", "--json"], {});
    expect(jsonOf(group)).toMatchObject({ ok: false, error: { code: "usage" } });
  });
});

describe("help", () => {
  it("a command's help lists the global options it inherits", async () => {
    for (const command of [["token"], ["instances", "list"], ["provision"]]) {
      const run = await runBinary([...command, "--help"], {});
      const inherited = run.stdout.slice(run.stdout.indexOf("Global Options:"));
      expect(run.stdout, command.join(" ")).toContain("Global Options:");
      for (const flag of ["--json", "--no-input", "--profile", "--base-url", "--timeout", "--verbose"]) expect(inherited, `${command.join(" ")} ${flag}`).toContain(flag);
    }
  });
});

describe("./instance.json by default", () => {
  it("init, then validate and provision without --file (verify shares their reading) read ./instance.json, and say so; init writes $schema", async () => {
    const dir = mkdtempSync(join(tmpdir(), "connector-cwd-"));
    const env = { ...platform.env, ...twilio };
    const init = await runIn(dir, ["init", "--no-input", "--name", "from-cwd", "--sender", "+15005550006"], env);
    expect(init.code, init.stderr).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, "instance.json"), "utf8")) as { $schema: string };
    // The running package's own copy, relative to the file: it resolves wherever the package is installed.
    expect(written.$schema).toMatch(/^\.{1,2}\/.*schema\/instance\.schema\.json$/);
    expect(JSON.parse(readFileSync(join(dir, written.$schema), "utf8"))).toHaveProperty("$schema");
    const validate = await runIn(dir, ["validate"], env);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stderr).toContain("Reading ./instance.json (no --file given).");
    const provision = await runIn(dir, ["provision", "--json"], env);
    expect(provision.code, provision.stderr).toBe(0);
    expect(jsonOf(provision)).toMatchObject({ name: "from-cwd", created: true });
    expect(provision.stderr).toContain("Reading ./instance.json");
    const elsewhere = await runIn(mkdtempSync(join(tmpdir(), "connector-cwd-")), ["validate", "--json"], env);
    expect(elsewhere.code).toBe(3); // no ./instance.json: nothing is read, the name is missing
  });
});

describe("the dry run shows the body that will be sent", () => {
  it("with the operation tag connector-op:<uuid>, a new one each run, and what it is for", async () => {
    const args = ["provision", "--file", "instance.example.json", "--dry-run"];
    const [first, second] = [jsonOf(await runBinary([...args, "--json"], platform.env)), jsonOf(await runBinary([...args, "--json"], platform.env))];
    const tagOf = (doc: ReturnType<typeof jsonOf>) => (doc.request.body.tags as string[]).find((tag) => tag.startsWith("connector-op:"));
    expect(tagOf(first)).toMatch(/^connector-op:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(first.operationTag).toBe(tagOf(first));
    expect(tagOf(second)).not.toBe(tagOf(first));
    const text = await runBinary(args, platform.env);
    expect(text.stdout).toMatch(/"connector-op:[0-9a-f-]{36}"/);
    expect(text.stdout).toContain("marks this one provisioning (each run makes a new one)");
  });
});

describe("send --template", () => {
  it("reports the template used, and says when it fell back to Generic", async () => {
    expect((await runBinary(["provision", "--file", "instance.example.json"], platform.env)).code).toBe(0);
    const register = jsonOf(await runBinary(["send", "--to", "+15005550006", "--template", "Register", "--json"], platform.env));
    expect(register).toMatchObject({ ok: true, template: "Register" });
    expect(register.warnings).toBeUndefined();
    const fallback = jsonOf(await runBinary(["send", "--to", "+15005550006", "--template", "ForgotPassword", "--json"], platform.env));
    expect(fallback).toMatchObject({ ok: true, template: "Generic", warnings: [expect.stringMatching(/^acme-sms .*has no ForgotPassword template: used its Generic one\.$/)] });
    const text = await runBinary(["send", "--to", "+15005550006", "--template", "ForgotPassword"], platform.env);
    expect(text.stdout).toContain("with the Generic template");
    expect(text.stderr).toContain("no ForgotPassword template: used its Generic one");
  });
});

describe("docs/ci.md's emulator tip", () => {
  it.skipIf(["jq", "curl"].some((tool) => spawnSync(tool, ["--version"]).status !== 0))("runs as written, and killing its PID stops the emulator", async () => {
    const doc = readFileSync("docs/ci.md", "utf8");
    const block = /<!-- emulator-in-ci[^>]*-->\n```sh\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
    expect(block).toContain('kill "$EMULATOR_PID"');
    const dir = mkdtempSync(join(tmpdir(), "connector-ci-tip-"));
    mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
    symlinkSync(BIN, join(dir, "node_modules", ".bin", "connector")); // what npm install -D makes
    // After the block: the emulator's port must refuse connections.
    const script = `set -e\n${block}\nwait "$EMULATOR_PID" || true\nif curl -s --max-time 2 "$CONNECTOR_BASE_URL/instances" >/dev/null; then echo STILL-SERVING; fi\n`;
    const run = spawnSync("bash", ["-c", script], {
      cwd: dir,
      env: { PATH: `${dirname(process.execPath)}:${process.env.PATH}`, CONNECTOR_CONFIG_DIR: tempConfigDir() }, // the block sets TWILIO_AUTH_TOKEN itself
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/"ok":true/);
    expect(run.stdout).not.toContain("STILL-SERVING");
  });
});

describe("the repository", () => {
  it("ignores packed tarballs (npm pack's *.tgz)", () => {
    expect(readFileSync(".gitignore", "utf8").split("\n")).toContain("*.tgz");
  });
});
