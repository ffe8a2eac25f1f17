// Advice in the shell of the OS (src/os/advice.ts): PowerShell on Windows, POSIX sh elsewhere;
// no `rm -r`, `chmod` or `NAME=value command` is given to a Windows user.
import { describe, expect, test, vi } from "vitest";
import { removeCommand, withEnvironment } from "../src/os/advice.ts";

const host = vi.hoisted(() => ({ os: "linux" as "windows" | "linux" }));
vi.mock("../src/os/host.ts", () => ({ hostOs: () => host.os, isWindows: () => host.os === "windows" }));

describe("removing a file or folder", () => {
  test("Windows: Remove-Item, the path quoted for PowerShell", () => {
    expect(removeCommand("C:\\Users\\O'Brien\\AppData\\Roaming\\connector\\store.json.lock", "windows")).toBe(
      "Remove-Item -Recurse -Force 'C:\\Users\\O''Brien\\AppData\\Roaming\\connector\\store.json.lock'",
    );
  });
  test("Linux and macOS: rm -r", () => {
    expect(removeCommand("/home/jane/.config/connector/store.json.lock", "linux")).toBe("rm -r /home/jane/.config/connector/store.json.lock");
  });
});

describe("a command with variables set", () => {
  const variables: [string, string][] = [
    ["CONNECTOR_BASE_URL", "http://127.0.0.1:8787/elements/api-v2"],
    ["CONNECTOR_USER_SECRET", "user-secret"],
  ];
  test("Windows: $env: assignments, then the command", () => {
    expect(withEnvironment(variables, "connector provision", "windows")).toBe(
      "$env:CONNECTOR_BASE_URL = 'http://127.0.0.1:8787/elements/api-v2'; $env:CONNECTOR_USER_SECRET = 'user-secret'; connector provision",
    );
  });
  test("elsewhere: NAME=value before the command", () => {
    expect(withEnvironment(variables, "connector provision", "macos")).toBe("CONNECTOR_BASE_URL=http://127.0.0.1:8787/elements/api-v2 CONNECTOR_USER_SECRET=user-secret connector provision");
  });
});

test("the emulator's first hint and a lock that is a folder advise in the shell of the OS", async () => {
  const { tryLine } = await import("../src/commands/emulator.ts");
  const { readLock } = await import("../src/store/lock-file.ts");
  const fs = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  const lock = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "connector-advice-")), "store.json.lock");
  fs.mkdirSync(lock);
  host.os = "windows";
  try {
    expect(tryLine("http://127.0.0.1:8787/elements/api-v2", {})).toContain("$env:CONNECTOR_BASE_URL = 'http://127.0.0.1:8787/elements/api-v2';");
    expect(() => readLock(lock)).toThrow(`Remove-Item -Recurse -Force '${lock}'`);
    host.os = "linux";
    expect(tryLine("http://127.0.0.1:8787/elements/api-v2", {})).toContain("CONNECTOR_BASE_URL=http://127.0.0.1:8787/elements/api-v2 CONNECTOR_USER_SECRET=");
    expect(() => readLock(lock)).toThrow(`rm -r ${lock}`);
  } finally {
    host.os = "linux";
    fs.rmSync(path.dirname(lock), { recursive: true, force: true });
  }
});
