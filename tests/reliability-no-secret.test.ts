// @module-tag slow: every command as a new process against a faulty platform (npm test leaves it out; npm run test:all runs it)
// "Secrets" under faults: with --verbose, retries, lost answers, adoptions, lookups
// (whose answers carry instance tokens) and a platform that echoes secrets back inside its
// bodies show no secret value on stdout or stderr. Each run is a fresh process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.ts";
import { AUTH_TOKEN, ORG_SECRET, USER_SECRET, entryFlags, platformEnv } from "./helpers/platform.ts";
import { runBinary, tempConfigDir, type RunResult } from "./helpers/run.ts";
import { useTestServers } from "./helpers/http-server.ts";

const { startServer } = useTestServers();

function expectNoSecret(runs: RunResult[], secrets: string[]): void {
  for (const run of runs) {
    for (const secret of secrets) {
      expect(run.stdout, `stdout leaks ${secret.slice(0, 4)}…`).not.toContain(secret);
      expect(run.stderr, `stderr leaks ${secret.slice(0, 4)}…`).not.toContain(secret);
    }
  }
}

describe("no secret in output under faults", () => {
  let faulty: RunningEmulator;
  beforeAll(async () => {
    faulty = await startEmulator({
      port: 0,
      seed: 5,
      faults: [
        { kind: "commit-then-reset", probability: 1, method: "POST", path: "/instances" },
        { kind: "status", status: 503, probability: 0.3 },
        { kind: "status", status: 429, retryAfter: "0", probability: 0.2 },
      ],
    });
  });
  afterAll(() => faulty.close());

  it("every command with --verbose against a faulty platform (retries, adoption, lookups) shows no secret", async () => {
    const env = platformEnv(faulty.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN, CONNECTOR_RETRIES: "8" });
    const runs: RunResult[] = [];
    for (const args of [
      ["provision", ...entryFlags("leaky"), "--no-input"],
      ["provision", ...entryFlags("leaky"), "--no-input", "--if-exists", "update"],
      ["provision", ...entryFlags("leaky"), "--no-input", "--if-exists", "skip", "--json"],
      ["instances", "list", "--remote"],
      ["send", "--to", "+15551234567", "--message", `hello ${AUTH_TOKEN}`, "--instance", "leaky"],
      ["instances", "delete", "leaky", "--yes", "--json"],
    ]) {
      runs.push(await runBinary([...args, "--verbose"], env));
    }
    expect(runs[0]?.code, runs[0]?.stderr).toBe(0);
    expect(runs.some((run) => /retry \d/.test(run.stderr))).toBe(true); // the retries were logged
    expect(runs[0]?.stderr).toMatch(/adopting it/);
    const tokens = faulty.instances().map((i) => i.token);
    expectNoSecret(runs, [USER_SECRET, ORG_SECRET, AUTH_TOKEN, ...tokens, ...faulty.requests.flatMap((r) => /Element (\S+)/.exec(String(r.headers.authorization))?.[1] ?? [])]);
  }, 60_000);

  it("a platform that echoes the request, its Authorization and the token back inside its bodies", async () => {
    const token = "echoed-instance-token-0123456789abcdef";
    const { origin: url } = await startServer(({ method, url: target, headers, body }, res) => {
      const echo = `you sent ${headers.authorization ?? ""} and ${body}`;
      res.setHeader("Content-Type", "application/json");
      if (method === "GET") res.end("[]");
      else if (target.includes("echo-fail")) res.writeHead(400).end(JSON.stringify({ requestId: "r1", message: echo, providerMessage: body }));
      else res.end(JSON.stringify({ id: 7, name: "echo", token, element: { key: "twilio" }, note: `token ${token}; ${echo}` }));
    });
    const env = { CONNECTOR_CONFIG_DIR: tempConfigDir(), CONNECTOR_USER_SECRET: USER_SECRET, CONNECTOR_ORG_SECRET: ORG_SECRET, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
    const ok = await runBinary(["provision", ...entryFlags("echo"), "--no-input", "--verbose", "--base-url", `${url}/elements/api-v2`], env);
    const failed = await runBinary(["provision", ...entryFlags("echo"), "--no-input", "--verbose", "--json", "--base-url", `${url}/echo-fail/elements/api-v2`], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(failed.code).toBe(5);
    expect(failed.stdout + failed.stderr).toMatch(/you sent/); // the echo was shown, masked
    expectNoSecret([ok, failed], [USER_SECRET, ORG_SECRET, AUTH_TOKEN, token]);
  });
});
