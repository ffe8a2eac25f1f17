// Names of deleted files, Windows' way (src/os/deleted-names.ts): a file removed by its name
// keeps it there while any process still holds it open, and opening or creating that name
// meanwhile fails with EPERM. The store's lock takes such an EPERM for "held, for a moment" and
// waits; the journal is never removed by its name (renamed aside first), so no append can land
// in a journal being deleted. The OS is faked (src/os/host.ts), the files are real.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { ASIDE_INFIX } from "../src/os/deleted-names.ts";
import { withLock } from "../src/store/lock.ts";
import { openStore } from "../src/store/index.ts";
import { instanceRecord } from "./helpers/store.ts";

const host = vi.hoisted(() => ({ os: "linux" as "windows" | "linux" }));
vi.mock("../src/os/host.ts", () => ({ hostOs: () => host.os, isWindows: () => host.os === "windows" }));

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "connector-names-"));
});
afterEach(() => {
  vi.restoreAllMocks();
  host.os = "linux";
  fs.rmSync(dir, { recursive: true, force: true });
});

const eperm = () => Object.assign(new Error("EPERM: operation not permitted, open"), { code: "EPERM" });

/** Makes every open of `file` fail with EPERM `times` times, as a name whose file is being deleted does on Windows. */
function deletePending(file: string, times: number): { opens: () => number } {
  const open = fs.openSync;
  let failed = 0;
  vi.spyOn(fs, "openSync").mockImplementation(((target: fs.PathLike, ...rest: unknown[]) => {
    if (String(target) === file && failed < times) {
      failed++;
      throw eperm();
    }
    return (open as (...args: unknown[]) => number)(target, ...rest);
  }) as typeof fs.openSync);
  return { opens: () => failed };
}

describe("the store lock over a name being deleted", () => {
  test("Windows: EPERM creating or reading the lock is 'held': the writer waits, then takes it", async () => {
    host.os = "windows";
    const lock = path.join(dir, "store.json.lock");
    const pending = deletePending(lock, 6);
    await expect(withLock(lock, () => "ran", { waitMs: 5_000 })).resolves.toBe("ran");
    expect(pending.opens()).toBe(6);
    expect(fs.existsSync(lock)).toBe(false);
  });

  test("Windows: a name that stays 'being deleted' ends in the lock's timeout (exit 6), not in a spin or a crash", async () => {
    host.os = "windows";
    const lock = path.join(dir, "store.json.lock");
    deletePending(lock, Number.POSITIVE_INFINITY);
    await expect(withLock(lock, () => "ran", { waitMs: 300 })).rejects.toMatchObject({ code: "unavailable" });
  });

  test("Linux: EPERM on the lock is a real permission error, reported at once", async () => {
    const lock = path.join(dir, "store.json.lock");
    deletePending(lock, 1);
    await expect(withLock(lock, () => "ran", { waitMs: 5_000 })).rejects.toMatchObject({ code: "EPERM" });
  });
});

describe("the journal is never removed by its name", () => {
  test.each(["windows", "linux"] as const)("%s: the fold renames store.journal aside before removing it; the next append makes a new file", async (osName) => {
    host.os = osName;
    const store = openStore(dir);
    const journal = path.join(dir, "store.journal");
    await store.journalInstances([instanceRecord({ id: 1, name: "one" })]);
    const held = fs.openSync(journal, "r"); // another process still fsyncing its append, or a virus scan
    const heldSize = fs.fstatSync(held).size;
    const removed: string[] = [];
    const rm = fs.rmSync;
    vi.spyOn(fs, "rmSync").mockImplementation((target, options) => {
      removed.push(String(target));
      rm(target, options);
    });
    vi.spyOn(fs, "unlinkSync").mockImplementation((target) => {
      throw new Error(`unlink ${String(target)}`);
    });
    await store.saveInstance(instanceRecord({ id: 2, name: "two" })); // folds the journal
    expect(removed).not.toContain(journal);
    expect(removed.some((file) => file.startsWith(`${journal}${ASIDE_INFIX}`))).toBe(true);
    await store.journalInstances([instanceRecord({ id: 3, name: "three" })]);
    expect(fs.fstatSync(held).size).toBe(heldSize); // nothing written into the file being deleted
    fs.closeSync(held);
    expect((await store.listInstances("default")).map((record) => record.id).sort()).toEqual([1, 2, 3]);
    expect(fs.readdirSync(dir).filter((name) => name.includes(ASIDE_INFIX))).toEqual([]);
  });

  test("a journal left aside by a crash (folded, not removed) is removed by the next fold and brings nothing back", async () => {
    const store = openStore(dir);
    await store.journalInstances([instanceRecord({ id: 1, name: "one", token: "old-token-0123456789" })]);
    const journal = path.join(dir, "store.journal");
    const copy = fs.readFileSync(journal);
    await store.saveInstance(instanceRecord({ id: 1, name: "one", token: "new-token-0123456789" }));
    fs.writeFileSync(`${journal}${ASIDE_INFIX}123-abcd`, copy, { mode: 0o600 }); // as if the fold died after the rename
    await store.journalInstances([instanceRecord({ id: 2, name: "two" })]);
    await store.saveInstance(instanceRecord({ id: 3, name: "three" }));
    expect((await store.findInstance("default", "one"))?.token).toBe("new-token-0123456789");
    expect(fs.readdirSync(dir).filter((name) => name.includes(ASIDE_INFIX))).toEqual([]);
  });
});
