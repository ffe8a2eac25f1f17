// The built binary, spawned as a user runs it: --help, a provision, a missing-entry failure
// (--json, exit 3, no request reached the server), a 401 (exit 4).
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, jsonOf, runBinary } from "./helpers/run.ts";
import { ORG_SECRET, USER_SECRET, usePlatform } from "./helpers/platform.ts";

const platform = usePlatform();

describe("the connector binary", () => {
  it("--help lists every command, the global options and the elements, exit 0", async () => {
    const run = await runBinary(["--help"], {});
    expect(run.code).toBe(0);
    for (const word of ["provision", "send", "instances", "token", "login", "logout", "emulator", "init", "validate", "--json", "--no-input", "--profile", "--base-url", "--timeout", "twilio"]) {
      expect(run.stdout).toContain(word);
    }
  });

  it("a reader that closes the pipe early (connector --help | head) ends it quietly, exit 0", async () => {
    const child = spawn(process.execPath, [BIN, "instances", "list", "--help"], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy(); // the reader is gone before anything is written
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toContain("EPIPE");
    expect(code).toBe(0);
  });

  it("--version prints the package version", async () => {
    const run = await runBinary(["--version"], {});
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("provisions instance.example.json against the emulator and prints the new instance", async () => {
    const run = await runBinary(["provision", "--file", "instance.example.json"], platform.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Created twilio instance acme-sms \(id \d+\)/);
    expect(run.stdout).not.toContain(USER_SECRET);
  });

  it("a missing entry: --json document with every problem, exit 3, nothing sent", async () => {
    const before = platform.emulator.requests.length;
    const run = await runBinary(["provision", "--name", "x", "--sender", "+15005550006", "--json"], platform.env);
    expect(run.code).toBe(3);
    const doc = jsonOf(run);
    expect(doc.error.problems.map((p: { key: string }) => p.key).sort()).toEqual(["messaging.sms.twilio.account", "messaging.sms.twilio.token"]);
    expect(platform.emulator.requests.length).toBe(before);
  });

  it("wrong platform secrets: exit 4 and the platform's message", async () => {
    const { startEmulator } = await import("../src/emulator/index.ts");
    const strict = await startEmulator({ port: 0, userSecret: "only-this", orgSecret: "and-this" });
    try {
      const run = await runBinary(["provision", "--file", "instance.example.json"], { ...platform.env, CONNECTOR_BASE_URL: strict.url });
      expect(run.code).toBe(4);
      expect(run.stderr).toContain("Invalid Organization or User secret");
      expect(run.stderr).not.toContain(USER_SECRET);
      expect(run.stderr).not.toContain(ORG_SECRET);
    } finally {
      await strict.close();
    }
  });

  it("an unknown option is a usage error, exit 2, with JSON when --json is given", async () => {
    const run = await runBinary(["provision", "--bogus", "--json"], {});
    expect(run.code).toBe(2);
    expect(jsonOf(run).error.code).toBe("usage");
  });

  it("a dead server is a network error, exit 6, in one line that says what to do", async () => {
    const run = await runBinary(["provision", "--file", "instance.example.json", "--timeout", "5"], { ...platform.env, CONNECTOR_BASE_URL: "http://127.0.0.1:9/elements/api-v2" });
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/refused/i);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
