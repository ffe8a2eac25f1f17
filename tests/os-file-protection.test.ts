// What protects connector's files on each OS (docs/reliability.md, docs/windows.md): the mode
// bits on Linux and macOS, where a state folder others can write to is refused and doctor
// advises chmod; on Windows, whose modes are always 0666 and cannot be changed, the profile
// folder's ACL, so no mode is checked or advised there. A folder that is not a folder, and a
// store.json that is a symlink, are refused on every OS.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { checkState } from "../src/doctor/local-checks.ts";
import { ConfigError } from "../src/errors.ts";
import { filesAreProtectedByModes } from "../src/os/file-protection.ts";
import { checkConfigDir, readStoreText } from "../src/store/safe-file.ts";
import { openStore } from "../src/store/index.ts";

let root: string;
let dir: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "connector-protection-"));
  dir = path.join(root, "connector");
  fs.mkdirSync(dir);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test("modes protect files on Linux and macOS, not on Windows", () => {
  expect(filesAreProtectedByModes("linux")).toBe(true);
  expect(filesAreProtectedByModes("macos")).toBe(true);
  expect(filesAreProtectedByModes("windows")).toBe(false);
});

// Windows reports every writable folder as 0o40666 (0o777 here is the loosest a test can set on Linux).
describe.skipIf(process.platform === "win32")("a state folder writable by others (modes are POSIX)", () => {
  beforeEach(() => fs.chmodSync(dir, 0o777));
  test("is refused where modes protect files, with the chmod to run", () => {
    expect(() => checkConfigDir(dir, true)).toThrow(ConfigError);
    expect(() => checkConfigDir(dir, true)).toThrow(`chmod 700 ${dir}`);
  });
  test("is accepted where they do not (Windows' 0666 is no sign of anything)", () => {
    expect(() => checkConfigDir(dir, false)).not.toThrow();
  });
  test("doctor advises chmod only where modes protect files", async () => {
    fs.chmodSync(dir, 0o755); // readable by others: a warning, not a refusal
    const store = openStore(dir);
    const posix = await checkState(dir, store, true);
    expect(posix.check.status).toBe("warn");
    expect(posix.check.hint).toBe(`Run: chmod 700 ${dir}`);
    const windows = await checkState(dir, store, false);
    expect(windows.check.status).toBe("ok");
    expect(windows.check.detail).toBe(`${dir} (protected by your user profile's permissions), no store.json yet`);
    expect(JSON.stringify(windows.check)).not.toMatch(/chmod|0777/);
  });
});

test.each([true, false])("a state folder that is a file is refused whatever protects files (modes: %s)", (modesProtect) => {
  const file = path.join(root, "file");
  fs.writeFileSync(file, "");
  expect(() => checkConfigDir(file, modesProtect)).toThrow("is not a directory");
});

test.skipIf(process.platform === "win32")("a store.json that is a symlink is refused, whatever the OS (a symlink needs rights to make on Windows)", () => {
  fs.writeFileSync(path.join(root, "elsewhere.json"), "{}");
  fs.symlinkSync(path.join(root, "elsewhere.json"), path.join(dir, "store.json"));
  expect(() => readStoreText(path.join(dir, "store.json"))).toThrow("is a symbolic link");
});
