// @module-tag slow: every command twice as a new process (npm test leaves it out; npm run test:all runs it)
// "No secret (platform secrets, auth token, instance token) appears in output, logs or errors":
// every command, with --verbose, human and JSON, failures included; each a fresh process,
// so nothing registered by an earlier run can hide a leak.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runBinary, type RunResult } from "./helpers/run.ts";
import { AUTH_TOKEN, ORG_SECRET, USER_SECRET, entryFlags, usePlatform } from "./helpers/platform.ts";

const platform = usePlatform();

function expectNoSecret(run: RunResult, secrets: string[]): void {
  for (const secret of secrets) {
    expect(run.stdout, `stdout leaks ${secret.slice(0, 4)}…`).not.toContain(secret);
    expect(run.stderr, `stderr leaks ${secret.slice(0, 4)}…`).not.toContain(secret);
  }
}

describe("no secret in any output", () => {
  it("every command with --verbose, as text and as JSON, shows no secret value", async () => {
    const env = { ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
    const example = readFileSync("instance.example.json", "utf8");
    const runs: RunResult[] = [];
    const commands: [string[], string?][] = [
      [["login"]],
      [["validate", "--file", "-"], example],
      [["provision", "--file", "-", "--dry-run"], example],
      [["provision", "--file", "-"], example],
      [["provision", "--file", "-"], example],
      [["provision", "--file", "-", "--if-exists", "update"], example],
      [["provision", ...entryFlags("flags"), "--auth-token", AUTH_TOKEN]],
      [["provision", ...entryFlags("bad"), "--auth-token", `${AUTH_TOKEN}00`]],
      [["instances", "list"]],
      [["instances", "list", "--remote"]],
      [["instances", "show", "acme-sms"]],
      [["send", "--to", "+15551234567", "--template", "SignIn", "--instance", "acme-sms"]],
      [["send", "--to", "+15005550001", "--message", "x", "--instance", "acme-sms"]],
      [["init", "--out", "-", "--name", "n", "--account-sid", "AC0123456789abcdef0123456789abcdef", "--sender", "+15005550006"]],
      [["instances", "delete", "flags", "--yes"]],
      [["logout"]],
    ];
    for (const [args, input] of commands) {
      for (const json of [false, true]) runs.push(await runBinary([...args, "--verbose", ...(json ? ["--json"] : [])], env, input));
    }
    const tokens = platform.emulator.instances().map((i) => i.token);
    expect(tokens.length).toBeGreaterThan(0);
    expect(runs.some((r) => r.stderr.includes("POST"))).toBe(true); // --verbose did log requests
    for (const run of runs) expectNoSecret(run, [USER_SECRET, ORG_SECRET, AUTH_TOKEN, ...tokens]);
  });
});
