// connector on Windows, as a Windows user runs it: the built program run by Windows' node.exe
// under Wine (tests/windows/wine.ts says what of Wine is worked around, and why that is the
// harness's business only), against `connector emulator`'s platform run by Linux node on
// 127.0.0.1. The state folder's path has a drive letter, backslashes, a space and a non-ASCII
// character. `npm run test:windows` (called by .ci/run); slow: Wine starts each process in seconds.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.ts";
import { ACCOUNT_SID, AUTH_TOKEN, ORG_SECRET, USER_SECRET } from "../helpers/platform.ts";
import { appDataFolder, holdOpen, noWine, runConnectorExe, windowsPath, type WineRun } from "./wine.ts";

if (noWine) console.warn(`tests/windows: the Windows stand-in is skipped: ${noWine}.`);

let emulator: RunningEmulator;
let root: string;
let stateDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  emulator = await startEmulator({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "connector wine ü-"));
  stateDir = path.join(root, "Zustand ü");
  env = { CONNECTOR_BASE_URL: emulator.url, CONNECTOR_USER_SECRET: USER_SECRET, CONNECTOR_ORG_SECRET: ORG_SECRET, TWILIO_AUTH_TOKEN: AUTH_TOKEN, CONNECTOR_CONFIG_DIR: windowsPath(stateDir) };
});

const provisionArgs = (name: string, ...more: string[]) => ["provision", "--name", name, "--account-sid", ACCOUNT_SID, "--sender", "+15005550006", "--no-input", ...more];
const stored = (): { name: string; id: number; token: string }[] => JSON.parse(fs.readFileSync(path.join(stateDir, "store.json"), "utf8")).instances ?? [];
const named = (name: string) => emulator.instances().filter((instance) => instance.name === name);

function expectOk(run: WineRun): WineRun {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  return run;
}

describe.skipIf(noWine !== undefined)("connector run by Windows' node.exe (Wine stand-in)", { tags: ["slow"], timeout: 120_000 }, () => {
  test("provision, list, token, send, --if-exists update, delete", async () => {
    const created = expectOk(await runConnectorExe(provisionArgs("win-sms"), env));
    expect(created.stdout).toContain("Token stored");
    expect(created.stdout).toContain(`${windowsPath(stateDir)}\\store.json`);
    const [instance] = named("win-sms");
    expect(stored().map((record) => record.name)).toEqual(["win-sms"]);
    expect(expectOk(await runConnectorExe(["instances", "list"], env)).stdout).toContain("win-sms");
    expect(expectOk(await runConnectorExe(["token", "win-sms"], env)).stdout).toBe(`${instance?.token}\n`);
    const sent = expectOk(await runConnectorExe(["send", "--to", "+15551234567", "--message", "hello from Windows", "--json"], env));
    expect(JSON.parse(sent.stdout)).toMatchObject({ ok: true });
    expectOk(await runConnectorExe(provisionArgs("win-sms", "--if-exists", "update"), env));
    expect(named("win-sms")).toHaveLength(1);
    expectOk(await runConnectorExe(["instances", "delete", "win-sms", "--yes"], env));
    expect(named("win-sms")).toHaveLength(0);
    expect(stored()).toEqual([]);
  });

  test("a provision while another process holds store.json open waits it out and stores the token", async () => {
    expectOk(await runConnectorExe(provisionArgs("held-first"), env));
    const holder = await holdOpen(`${windowsPath(stateDir)}\\store.json`, 4_000, path.join(root, "held"));
    expectOk(await runConnectorExe(provisionArgs("held-second"), env));
    expect((await holder.done).code).toBe(0);
    expect(
      stored()
        .map((record) => record.name)
        .sort(),
    ).toEqual(["held-first", "held-second"]);
  });

  test("a store.json held open for longer than the 10 s a rename waits: exit 3 before anything is created", async () => {
    expectOk(await runConnectorExe(provisionArgs("long-first"), env));
    const before = fs.readFileSync(path.join(stateDir, "store.json"), "utf8");
    const holder = await holdOpen(`${windowsPath(stateDir)}\\store.json`, 13_000, path.join(root, "held"));
    const run = await runConnectorExe(provisionArgs("long-second"), env);
    expect(run.code).toBe(3);
    expect(named("long-second")).toHaveLength(0);
    expect(fs.readFileSync(path.join(stateDir, "store.json"), "utf8")).toBe(before);
    await holder.done;
  });

  test("4 concurrent provisions: every token stored", async () => {
    const runs = await Promise.all([1, 2, 3, 4].map((i) => runConnectorExe(provisionArgs(`parallel-${i}`), env)));
    for (const run of runs) expectOk(run);
    const tokens = Object.fromEntries(stored().map((record) => [record.name, record.token]));
    for (const i of [1, 2, 3, 4]) expect(tokens[`parallel-${i}`]).toBe(named(`parallel-${i}`)[0]?.token);
  });

  test("doctor: no mode warning, no chmod advice", async () => {
    expectOk(await runConnectorExe(provisionArgs("doctor-sms"), env));
    const run = await runConnectorExe(["doctor", "--json"], env);
    const state = JSON.parse(run.stdout).checks.find((check: { id: string }) => check.id === "state");
    expect(state).toMatchObject({ status: "ok", detail: `${windowsPath(stateDir)} (protected by your user profile's permissions)` });
    expect(run.stdout + run.stderr).not.toMatch(/chmod|rm -r|export /);
  });

  test("completion powershell prints the script, stored names completed by __complete", async () => {
    expectOk(await runConnectorExe(provisionArgs("complete-sms"), env));
    expect(expectOk(await runConnectorExe(["completion", "powershell"], env)).stdout).toContain("Register-ArgumentCompleter -Native -CommandName connector");
    expect(expectOk(await runConnectorExe(["__complete", "instances", "--no-input"], env)).stdout).toContain("complete-sms");
  });

  test("an instance file saved by a Windows editor (CRLF, BOM) in such a folder: its problem placed at line 3, in the terminal and in the annotation", async () => {
    fs.mkdirSync(stateDir, { recursive: true });
    const file = path.join(stateDir, "bad.json");
    fs.writeFileSync(file, '\ufeff{\r\n  "name": "x",\r\n  "element": 5\r\n}\r\n');
    const run = await runConnectorExe(["validate", "--file", windowsPath(file)], { ...env, GITHUB_ACTIONS: "true" });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`${windowsPath(file)}:3:3: Invalid element`);
    // A property's ':' is escaped as %3A, as GitHub's toolkit does: the runner reads back Z:\.
    expect(run.stdout + run.stderr).toContain(`::error file=${windowsPath(file).replace(":", "%3A")},line=3,col=3::`);
  });

  test("the default state folder is %APPDATA%\\connector", async () => {
    const folder = path.join(appDataFolder(), "connector");
    fs.rmSync(folder, { recursive: true, force: true });
    const { CONNECTOR_CONFIG_DIR: _, ...defaults } = env;
    const run = expectOk(await runConnectorExe(provisionArgs("appdata-sms"), defaults));
    expect(run.stdout).toMatch(/AppData\\Roaming\\connector\\store\.json/);
    expect(JSON.parse(fs.readFileSync(path.join(folder, "store.json"), "utf8")).instances.map((record: { name: string }) => record.name)).toEqual(["appdata-sms"]);
    fs.rmSync(folder, { recursive: true, force: true });
  });
});
