// An emulator others could reach, and two emulators on one --state file: a host other than
// loopback without both --user-secret and --org-secret is refused (exit 2, naming both); a
// second emulator on a state file in use is refused (exit 3, naming the first's PID), so the
// two can never hand out the same ids and overwrite each other's instances; a lock left by an
// emulator killed with SIGKILL is taken over.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { BIN, jsonOf, runBinary, runInProcess, spawnBaseEnv, tempConfigDir } from "./helpers/run.ts";
import { startEmulator } from "../src/emulator/index.ts";

function startBinaryEmulator(state: string) {
  const child = spawn(process.execPath, [BIN, "emulator", "--port", "0", "--json", "--state", state], { stdio: ["ignore", "pipe", "pipe"], env: spawnBaseEnv() });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { child, url, exited };
}

const HEADERS = { Authorization: "User a-user-secret, Organization an-org-secret", "Content-Type": "application/json" };
const CONFIGURATION = {
  "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef",
  "messaging.sms.twilio.token": "5f4dcc3b5aa765d61d8327deb882cf99",
  "messaging.sms.twilio.sender": "+15005550006",
};

async function create(url: string, name: string): Promise<number> {
  const answer = await fetch(`${url}/instances`, { method: "POST", headers: HEADERS, body: JSON.stringify({ element: { key: "twilio" }, name, configuration: CONFIGURATION }) });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { id: number }).id;
}

describe("an emulator other machines could reach", () => {
  it.each([
    [["--host", "0.0.0.0"], "--user-secret and --org-secret"],
    [["--host", "::"], "--user-secret and --org-secret"],
    [["--host", "192.0.2.10", "--user-secret", "only-one-given"], "--org-secret"],
    [["--host", "emulator.example", "--org-secret", "only-one-given"], "--user-secret"],
  ])("%j without both secrets is refused, exit 2, naming both options", async (flags, missing) => {
    const run = await runInProcess(["emulator", "--port", "0", "--json", ...flags], { CONNECTOR_CONFIG_DIR: tempConfigDir() });
    expect(run.code).toBe(2);
    const { message, hint } = jsonOf(run).error as { message: string; hint: string };
    expect(message).toContain(`without ${missing} accepts any secrets`);
    expect(hint).toContain("Pass both --user-secret and --org-secret");
    expect(run.stdout + run.stderr).not.toContain("only-one-given");
  });
});

describe("one emulator per state file", () => {
  it("a second emulator in the same process is refused while the first runs, and may start once it stopped", async () => {
    const state = join(mkdtempSync(join(tmpdir(), "connector-state-")), "state.json");
    const first = await startEmulator({ port: 0, statePath: state });
    await expect(startEmulator({ port: 0, statePath: state })).rejects.toThrow(`The emulator state file ${state} is in use by another emulator (PID ${process.pid})`);
    await first.close();
    expect(existsSync(`${state}.lock`)).toBe(false);
    const second = await startEmulator({ port: 0, statePath: state });
    await second.close();
  });

  it("a lock that is garbage and old is taken over; one that is not a file is an error naming it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "connector-state-"));
    writeFileSync(join(dir, "state.json.lock"), "{not json");
    const { utimesSync, mkdirSync } = await import("node:fs");
    utimesSync(join(dir, "state.json.lock"), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await (await startEmulator({ port: 0, statePath: join(dir, "state.json") })).close();
    mkdirSync(join(dir, "other.json.lock"));
    await expect(startEmulator({ port: 0, statePath: join(dir, "other.json") })).rejects.toThrow(`The emulator's lock ${join(dir, "other.json.lock")} is not a file`);
  });

  it("two emulator processes on one --state file: the second exits 3 naming the first; after a SIGKILL the lock is taken over and nothing is lost", { tags: ["slow"] }, async () => {
    const state = join(mkdtempSync(join(tmpdir(), "connector-state-")), "state.json");
    const first = startBinaryEmulator(state);
    const url = await first.url;
    const id = await create(url, "teammate");

    const second = await runBinary(["emulator", "--port", "0", "--state", state, "--json"], { CONNECTOR_CONFIG_DIR: tempConfigDir() });
    expect(second.code).toBe(3);
    expect(jsonOf(second).error.message).toContain(`The emulator state file ${state} is in use by another emulator (PID ${first.child.pid})`);

    first.child.kill("SIGKILL");
    await first.exited;
    expect(existsSync(`${state}.lock`)).toBe(true); // left behind: its process is gone
    const third = startBinaryEmulator(state);
    const thirdUrl = await third.url;
    expect(await create(thirdUrl, "mine")).toBeGreaterThan(id); // never the teammate's id again
    third.child.kill("SIGTERM");
    expect(await third.exited).toBe(0);
    expect(existsSync(`${state}.lock`)).toBe(false);
    const names = (JSON.parse(readFileSync(state, "utf8")) as { instances: { name: string }[] }).instances.map((instance) => instance.name);
    expect(names.sort()).toEqual(["mine", "teammate"]);
  });
});
