// @module-tag slow: waits out real delivery delays, at a real terminal (npm test leaves it out; npm run test:all runs it)
// `send --wait` end to end: the built binary's `connector emulator --delivery-ms` on a free port,
// and the built binary sending through it: delivered (exit 0), carrier-filtered (exit 7), and a
// delivery slower than --wait-timeout (exit 6). At a terminal, the statuses show on the spinner
// line; with --json, never.
import { PassThrough, Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../src/main.ts";
import { startEmulator } from "../src/emulator/index.ts";
import { jsonOf, runBinary } from "./helpers/run.ts";
import { startCli, waitUntil, type RunningCli } from "./helpers/spawn-cli.ts";
import { AUTH_TOKEN, entryFlags, platformEnv } from "./helpers/platform.ts";

const running: RunningCli[] = [];
afterEach(async () => {
  for (const cli of running.splice(0)) {
    cli.child.kill("SIGTERM");
    await cli.done;
  }
});

/** `connector emulator --port 0 --json --delivery-ms <ms>`, spawned; the CLI's environment for it. */
async function emulatorBinary(deliveryMs: number): Promise<NodeJS.ProcessEnv> {
  const cli = startCli(["emulator", "--port", "0", "--json", "--delivery-ms", String(deliveryMs)], {});
  running.push(cli);
  let stdout = "";
  cli.child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  await waitUntil(() => stdout.includes("\n"), 15_000);
  const announced = JSON.parse(stdout.split("\n")[0] ?? "") as { url: string; deliveryMs: number };
  expect(announced.deliveryMs).toBe(deliveryMs);
  const env = platformEnv(announced.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
  expect((await runBinary(["provision", ...entryFlags("e2e-wait"), "--json"], env)).code).toBe(0);
  return env;
}

describe("connector send --wait, the binary against the emulator binary", () => {
  it("delivered: exit 0, status delivered; +15005553007: exit 7, twilioCode 30007 and the carrier-filtering hint", async () => {
    const env = await emulatorBinary(0);
    const delivered = await runBinary(["send", "--to", "+15551234567", "--message", "Hello", "--wait", "--json"], env);
    expect(delivered.code, delivered.stdout + delivered.stderr).toBe(0);
    expect(jsonOf(delivered)).toMatchObject({ ok: true, status: "delivered", statuses: ["queued", "delivered"] });
    const filtered = await runBinary(["send", "--to", "+15005553007", "--message", "Hello", "--wait", "--json"], env);
    expect(filtered.code).toBe(7);
    expect(jsonOf(filtered)).toMatchObject({ ok: false, status: "undelivered", error: { code: "provider", twilioCode: 30007 } });
    expect(jsonOf(filtered).error.hint).toMatch(/^The carrier filtered the message as spam/);
  });

  it("delivery slower than --wait-timeout: exit 6, code timeout, the SID and the last status", async () => {
    const env = await emulatorBinary(600_000);
    const run = await runBinary(["send", "--to", "+15551234567", "--message", "Hello", "--wait", "--wait-timeout", "1"], env);
    expect(run.code).toBe(6);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^Error: No final status for message SM[0-9a-f]{32} within 1 s; last status: queued\. The message may still arrive\.$/m);
  });
});

describe("the statuses at a terminal", () => {
  /** main() with stderr a terminal (so a spinner is drawn), against an emulator whose delivery takes 3 s. */
  async function runAtTerminal(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const emulator = await startEmulator({ deliveryMs: 3000 });
    try {
      const env = platformEnv(emulator.url, { PATH: process.env.PATH, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
      const io = (stream: PassThrough, into: string[]) => (stream.on("data", (chunk: Buffer) => into.push(chunk.toString())), stream);
      const out: string[] = [];
      const err: string[] = [];
      const run = (argv: string[]) =>
        main(argv, { stdin: Readable.from([""]), stdout: io(new PassThrough(), out), stderr: io(new PassThrough(), err), env, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: true });
      expect(await run(["provision", ...entryFlags("at-terminal"), "--json"])).toBe(0);
      out.length = 0;
      err.length = 0;
      const code = await run(args);
      return { code, stdout: out.join(""), stderr: err.join("") };
    } finally {
      await emulator.close();
    }
  }

  it("are drawn on the spinner line as they change", async () => {
    const run = await runAtTerminal(["send", "--to", "+15551234567", "--message", "Hello", "--wait"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Waiting for delivery of SM[0-9a-f]{32}: queued/);
    expect(run.stderr).toMatch(/Waiting for delivery of SM[0-9a-f]{32}: queued → (sending|sent)/);
    expect(run.stderr).not.toContain("Waiting for GET");
    expect(run.stdout).toMatch(/^✔ Delivered SM/);
  });

  it("never with --json: stderr stays empty, stdout is one document", async () => {
    const run = await runAtTerminal(["send", "--to", "+15551234567", "--message", "Hello", "--wait", "--json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(jsonOf(run)).toMatchObject({ status: "delivered" });
  });
});
