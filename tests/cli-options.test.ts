// The contract: "Global options" and "Exit codes": parsing and the usage errors, in-process.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonOf, runInProcess, tempConfigDir } from "./helpers/run.ts";

const env = () => ({ CONNECTOR_CONFIG_DIR: tempConfigDir() });

describe("global options", () => {
  it.each([
    [["nonsense"], "unknown command"],
    [["provision", "--if-exists", "maybe"], "--if-exists"],
    [["send"], "--to"],
    [["--timeout", "abc", "instances", "list"], "--timeout"],
    [["--base-url", "not a url", "instances", "list"], "--base-url"],
    [["instances", "show"], "name|id"],
    [["send", "--to", "15551234567", "--message", "hi"], "+15551234567"],
    [["send", "--to", "+15551234567"], "--message"],
    [["send", "--to", "+15551234567", "--message", "a", "--template", "SignIn"], "--message"],
    [["emulator", "--port", "99999"], "--port"],
    [["send", "--to", "+15551234567", "--template", "Signin"], "SignIn"],
    [["login", "--profile", "a/b"], "profile name"],
    [["instances", "list"], "profile name", { CONNECTOR_PROFILE: "../etc" }],
  ])("%j is a usage error (exit 2) that mentions %s", async (args, mention, extraEnv?: NodeJS.ProcessEnv) => {
    const run = await runInProcess([...args, "--json"], { ...env(), ...extraEnv });
    expect(run.code).toBe(2);
    const doc = jsonOf(run);
    expect(doc.error.code).toBe("usage");
    expect(JSON.stringify(doc.error)).toContain(mention);
  });

  it("--json writes exactly one document and nothing else on stdout, even for failures", async () => {
    const run = await runInProcess(["token", "nope", "--json"], env());
    expect(run.code).toBe(5);
    expect(jsonOf(run)).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("a usage error without --json goes to stderr with a next step, stdout stays empty", async () => {
    const run = await runInProcess(["provison"], env());
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("provision");
  });

  it("--no-color / NO_COLOR: no escape sequences even when FORCE_COLOR would colour", async () => {
    const run = await runInProcess(["token", "nope"], { ...env(), NO_COLOR: "1", FORCE_COLOR: "1" });
    expect(run.stderr).not.toContain("\u001b[");
    const forced = await runInProcess(["token", "nope"], { ...env(), FORCE_COLOR: "1" });
    expect(forced.stderr).toContain("\u001b[");
  });

  it("CI=true implies --no-input: a missing value names its flag and environment variable", async () => {
    const run = await runInProcess(["instances", "delete", "1"], { ...env(), CI: "true" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--yes");
  });

  it("--profile and CONNECTOR_PROFILE pick the profile, the flag winning", async () => {
    const dir = tempConfigDir();
    const a = await runInProcess(["logout", "--json"], { CONNECTOR_CONFIG_DIR: dir, CONNECTOR_PROFILE: "from-env" });
    expect(jsonOf(a).profile).toBe("from-env");
    const b = await runInProcess(["logout", "--json", "--profile", "from-flag"], { CONNECTOR_CONFIG_DIR: dir, CONNECTOR_PROFILE: "from-env" });
    expect(jsonOf(b).profile).toBe("from-flag");
  });

  it("a corrupt store is reported once with its path and the way out, exit 3, and left byte for byte", async () => {
    const dir = tempConfigDir();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, "store.json");
    const truncated = '{"version":1,"profiles":{},"instances":[{"id":';
    writeFileSync(file, truncated, { mode: 0o600 });
    const run = await runInProcess(["instances", "list"], { CONNECTOR_CONFIG_DIR: dir });
    expect(run.code).toBe(3);
    expect(run.stderr.split(file).length - 1).toBe(2); // the file named, and "move it aside", in one sentence
    expect(run.stderr).toContain("aside");
    expect(readFileSync(file, "utf8")).toBe(truncated);
  });
});
