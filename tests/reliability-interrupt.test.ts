// Exit 130 and "Interrupts and deadlines": Ctrl-C aborts the request in
// flight, exits 130, leaves the store whole and says that an instance may have been created;
// a server that never answers ends in exit 6 within --timeout plus a second, no token stored.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.ts";
import { entryFlags, AUTH_TOKEN, platformEnv } from "./helpers/platform.ts";
import { runBinary, tempConfigDir } from "./helpers/run.ts";
import { startCli, waitUntil } from "./helpers/spawn-cli.ts";

let hanging: RunningEmulator;
const posts = () => hanging.requests.filter((r) => r.method === "POST" && r.path.endsWith("/instances")).length;

beforeAll(async () => {
  hanging = await startEmulator({ port: 0, faults: [{ kind: "hang", probability: 1, method: "POST", path: "/instances" }] });
});
afterAll(async () => {
  await hanging.close();
});

function envFor(dir: string): NodeJS.ProcessEnv {
  return platformEnv(hanging.url, { CONNECTOR_CONFIG_DIR: dir, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
}

describe("interrupts and deadlines", () => {
  it("Ctrl-C during POST /instances: exit 130, says the instance may exist, store untouched and valid", async () => {
    const dir = tempConfigDir();
    const env = envFor(dir);
    // A store that exists already: reading it loads conf, whose exit hook also listens to SIGINT.
    const login = await runBinary(["login", "--no-input"], env);
    expect(login.code).toBe(0);
    const before = readFileSync(join(dir, "store.json"), "utf8");
    const seen = posts();
    const cli = startCli(["provision", ...entryFlags("interrupted"), "--no-input"], env);
    await waitUntil(() => posts() > seen);
    cli.child.kill("SIGINT");
    const run = await cli.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/may have been created/);
    expect(run.stderr).toMatch(/--if-exists skip/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const after = readFileSync(join(dir, "store.json"), "utf8");
    expect(after).toBe(before);
    expect(statSync(join(dir, "store.json")).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, "store.json.lock"))).toBe(false);
  });

  it("Ctrl-C with --json: one JSON document, error.code interrupted, exit 130", async () => {
    const env = envFor(tempConfigDir());
    const seen = posts();
    const cli = startCli(["provision", ...entryFlags("interrupted-json"), "--no-input", "--json"], env);
    await waitUntil(() => posts() > seen);
    cli.child.kill("SIGINT");
    const run = await cli.done;
    expect(run.code).toBe(130);
    const doc = JSON.parse(run.stdout.trim()) as { ok: boolean; error: { code: string } };
    expect(doc).toMatchObject({ ok: false, error: { code: "interrupted" } });
  });

  // The bound "within --timeout plus a second" holds because a timed-out request is never
  // retried: one request, one deadline. That is what this test checks; the wall time itself
  // is measured in bench/ (no timing assertions on these shared machines).
  it("a server that never answers: exit 6 after one request's deadline (never retried), no token stored", async () => {
    const silent = await startEmulator({ port: 0, faults: [{ kind: "hang", probability: 1 }] });
    try {
      const dir = tempConfigDir();
      const run = await runBinary(["provision", ...entryFlags("never-answered"), "--no-input", "--timeout", "1", "--json"], { ...envFor(dir), CONNECTOR_BASE_URL: silent.url });
      expect(run.code).toBe(6);
      expect(JSON.parse(run.stdout.trim())).toMatchObject({ ok: false, error: { code: "timeout" } });
      expect(silent.requests).toHaveLength(1);
      expect(existsSync(join(dir, "store.json"))).toBe(false);
    } finally {
      await silent.close();
    }
  });

  it("a POST that times out is checked, not sent again: exit 6 saying nothing was created", async () => {
    const dir = tempConfigDir();
    const seen = posts();
    const run = await runBinary(["provision", ...entryFlags("post-timeout"), "--no-input", "--timeout", "1", "--json"], envFor(dir));
    expect(run.code).toBe(6);
    const doc = JSON.parse(run.stdout.trim()) as { error: { code: string; message: string } };
    expect(doc.error.code).toBe("timeout");
    expect(doc.error.message).toMatch(/nothing was created/);
    expect(posts() - seen).toBe(1);
    expect(hanging.instances().some((i) => i.name === "post-timeout")).toBe(false);
    expect(existsSync(join(dir, "store.json"))).toBe(false);
  });
});
