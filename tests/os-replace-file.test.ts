// The one file-replace helper: a busy target (Windows: another process holds it open) is waited
// out for a bounded time, and only there; every other failure is reported at once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { renameOverBusy, replaceFile, tempPrefix } from "../src/os/replace-file.ts";

function busy(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: operation not permitted, rename`), { code });
}

/** A rename that fails with `code` for its first `failures` calls, then renames for real. */
function flakyRename(code: string, failures: number) {
  const calls: string[] = [];
  return {
    calls,
    rename: (from: string, to: string) => {
      calls.push(to);
      if (calls.length <= failures) throw busy(code);
      fs.renameSync(from, to);
    },
  };
}

function fakeClock() {
  let now = 0;
  const pauses: number[] = [];
  return { pauses, now: () => now, sleep: (ms: number) => (pauses.push(ms), (now += ms)) };
}

describe("renameOverBusy", () => {
  test.each(["EPERM", "EACCES", "EBUSY"])("a target busy with %s is retried until it is free (Windows)", (code) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replace-"));
    fs.writeFileSync(path.join(dir, "new"), "new");
    fs.writeFileSync(path.join(dir, "store.json"), "old");
    const { rename, calls } = flakyRename(code, 3);
    const clock = fakeClock();
    renameOverBusy(path.join(dir, "new"), path.join(dir, "store.json"), { retryBusy: true, rename, ...clock });
    expect(calls).toHaveLength(4);
    expect(clock.pauses).toEqual([10, 20, 40]);
    expect(fs.readFileSync(path.join(dir, "store.json"), "utf8")).toBe("new");
  });

  test("the wait is bounded: after the budget the last error is thrown and the target is untouched", () => {
    const { rename } = flakyRename("EPERM", Infinity);
    const clock = fakeClock();
    expect(() => renameOverBusy("/nowhere/a", "/nowhere/b", { retryBusy: true, budgetMs: 2000, rename, ...clock })).toThrow(/EPERM/);
    expect(clock.now()).toBe(2000);
    expect(Math.max(...clock.pauses)).toBeLessThanOrEqual(500);
  });

  test("where a rename over an open file works (Linux, macOS), a busy error is not retried", () => {
    const { rename, calls } = flakyRename("EPERM", 1);
    expect(() => renameOverBusy("/nowhere/a", "/nowhere/b", { retryBusy: false, rename })).toThrow(/EPERM/);
    expect(calls).toHaveLength(1);
  });

  test("an error that is not busy (a full disk, a missing folder) is thrown at once, on Windows too", () => {
    const { rename, calls } = flakyRename("ENOSPC", 1);
    expect(() => renameOverBusy("/nowhere/a", "/nowhere/b", { retryBusy: true, rename })).toThrow(/ENOSPC/);
    expect(calls).toHaveLength(1);
  });
});

describe("replaceFile", () => {
  test("a busy store is replaced once it is free, and no temp file is left", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replace-"));
    const file = path.join(dir, "store.json");
    fs.writeFileSync(file, "old");
    const { rename } = flakyRename("EPERM", 2);
    replaceFile(file, "new", { renameRetry: { retryBusy: true, rename, ...fakeClock() } });
    expect(fs.readFileSync(file, "utf8")).toBe("new");
    expect(fs.readdirSync(dir).filter((name) => name.startsWith(tempPrefix(file)))).toEqual([]);
  });

  test("a target that stays busy leaves the old content and no temp file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replace-"));
    const file = path.join(dir, "store.json");
    fs.writeFileSync(file, "old");
    const { rename } = flakyRename("EBUSY", Infinity);
    expect(() => replaceFile(file, "new", { renameRetry: { retryBusy: true, budgetMs: 100, rename, ...fakeClock() } })).toThrow(/EBUSY/);
    expect(fs.readFileSync(file, "utf8")).toBe("old");
    expect(fs.readdirSync(dir)).toEqual(["store.json"]);
  });

  test("the temp file is never a planted file or symlink: its name is random and it is created exclusively", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replace-"));
    const file = path.join(dir, "plan.json");
    const victim = path.join(dir, "victim");
    fs.writeFileSync(victim, "keep");
    for (let pid = process.pid; pid < process.pid + 5; pid += 1) fs.symlinkSync(victim, path.join(dir, `.plan.json.${pid}.tmp`));
    replaceFile(file, "plan");
    replaceFile(file, "plan again");
    expect(fs.readFileSync(victim, "utf8")).toBe("keep");
    expect(fs.readFileSync(file, "utf8")).toBe("plan again");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
