// The store on hostile disks and files: a full disk never corrupts store.json (the old file
// stays, the error is exit 3); lock files that no live connector can be holding (empty, garbage,
// from another host, dated in the future, naming an unrelated process) never block for long; a
// lock that is a directory, a store that is a FIFO or a symlink, a config directory that is a
// file or is writable by others: refused with exit 3 naming the right file; a BOM is read.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CliError, exitCodeOf, InterruptedError } from "../src/errors.ts";
import { openStore } from "../src/store/index.ts";
import { replaceFile } from "../src/os/replace-file.ts";
import { readCachedConfiguration, writeCachedConfiguration } from "../src/store/element-cache.ts";
import { mountTinyDisk, type TinyDisk } from "./helpers/hostile-fs.ts";
import { entryFlags, usePlatform } from "./helpers/platform.ts";
import { runBinary } from "./helpers/run.ts";
import { instanceRecord } from "./helpers/store.ts";

let root: string;
let dir: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "connector-hostile-"));
  dir = path.join(root, "connector");
  fs.mkdirSync(dir, { mode: 0o700 });
  fs.chmodSync(dir, 0o700);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const lockPath = () => path.join(dir, "store.json.lock");

async function failureOf(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe("a full disk", () => {
  let disk: TinyDisk | string;
  beforeAll(() => {
    disk = mountTinyDisk(64);
  });
  afterAll(() => {
    if (typeof disk !== "string") disk.unmount();
  });
  afterEach(() => {
    if (typeof disk !== "string") disk.free();
  });

  it("the durable writer fails without touching the old file or leaving a temp file", (context) => {
    if (typeof disk === "string") return context.skip(disk);
    const file = path.join(disk.dir, "data.json");
    fs.writeFileSync(file, "old");
    disk.fill();
    expect(() => replaceFile(file, "x".repeat(32 * 1024))).toThrow(/ENOSPC|short write/);
    expect(fs.readFileSync(file, "utf8")).toBe("old");
    expect(fs.readdirSync(disk.dir).sort()).toEqual(["data.json", "filler"]);
  });

  it("a store write on a full disk: exit 3 saying the disk is full, every stored token still readable", async (context) => {
    if (typeof disk === "string") return context.skip(disk);
    const store = openStore(path.join(disk.dir, "connector"));
    await store.saveInstance(instanceRecord({ id: 1, templates: [{ usageType: "Generic", content: "{{code}}".padEnd(2000, "x") }] }));
    const before = fs.readFileSync(store.path, "utf8");
    disk.fill();
    const error = await failureOf(store.saveInstance(instanceRecord({ id: 2, templates: [{ usageType: "Generic", content: "{{code}}".padEnd(8000, "y") }] })));
    expect(exitCodeOf(error)).toBe(3);
    expect(error.message).toContain("the disk is full (ENOSPC)");
    expect(fs.readFileSync(store.path, "utf8")).toBe(before);
    expect((await store.listInstances("default")).map((record) => record.id)).toEqual([1]);
  });

  it("a store write that only partly fits (a short write): an error, never a truncated store", async (context) => {
    if (typeof disk === "string") return context.skip(disk);
    const store = openStore(path.join(disk.dir, "connector"));
    await store.saveInstance(instanceRecord({ id: 1 }));
    const before = fs.readFileSync(store.path, "utf8");
    disk.fill(8);
    const big = instanceRecord({ id: 2, templates: [{ usageType: "Generic", content: "{{code}}".padEnd(24 * 1024, "z") }] });
    expect(exitCodeOf(await failureOf(store.saveInstance(big)))).toBe(3);
    expect(fs.readFileSync(store.path, "utf8")).toBe(before);
    expect((await store.listInstances("default")).map((record) => record.id)).toEqual([1]);
  });

  it("the probe before a create fails on a full disk, with the store untouched", async (context) => {
    if (typeof disk === "string") return context.skip(disk);
    const store = openStore(path.join(disk.dir, "connector"));
    await store.saveInstance(instanceRecord({ id: 1 }));
    const before = fs.readFileSync(store.path, "utf8");
    disk.fill();
    expect(exitCodeOf(await failureOf(store.checkWritable()))).toBe(3);
    expect(fs.readFileSync(store.path, "utf8")).toBe(before);
    expect(fs.readdirSync(path.join(disk.dir, "connector"))).toEqual(["store.json"]);
  });
});

describe("lock files no live connector can be holding are taken over", () => {
  let unrelated: ReturnType<typeof spawn> | undefined;
  afterEach(() => {
    unrelated?.kill("SIGKILL");
    unrelated = undefined;
  });

  const cases: [string, () => string][] = [
    ["empty", () => ""],
    ["garbage", () => "\u0000\u0001 not a lock {"],
    ["dated in the future", () => JSON.stringify({ pid: process.pid, hostname: os.hostname(), createdAt: Date.now() + 3_600_000, nonce: "x" })],
    ["naming process 0 (a process group, which kill(0, 0) finds alive)", () => JSON.stringify({ pid: 0, hostname: os.hostname(), createdAt: Date.now(), nonce: "x" })],
    [
      "naming an unrelated live process",
      () => {
        unrelated = spawn("sleep", ["60"], { stdio: "ignore" });
        return JSON.stringify({ pid: unrelated.pid, hostname: os.hostname(), createdAt: Date.now(), nonce: "x" });
      },
    ],
  ];

  async function takesOver(content: () => string) {
    fs.writeFileSync(lockPath(), content(), { mode: 0o600 });
    const store = openStore(dir);
    await store.checkWritable();
    await store.saveInstance(instanceRecord());
    expect(await store.listInstances("default")).toHaveLength(1);
    expect(fs.existsSync(lockPath())).toBe(false);
  }

  it.each(cases)("a lock file %s: the write waits a few seconds at most (well inside the 10 s wait), then lands", async (_, content) => takesOver(content));

  // A lock of another host is judged by its age alone (its process cannot be asked): a real 5 s wait.
  it("a lock file from another host: the write waits a few seconds at most (well inside the 10 s wait), then lands", { tags: ["slow"] }, async () =>
    takesOver(() => JSON.stringify({ pid: 1, hostname: "another-host.example", createdAt: Date.now(), nonce: "x" })),
  );

  it("a lock file dated in the future (mtime too) is not trusted", async () => {
    fs.writeFileSync(lockPath(), "", { mode: 0o600 });
    const later = new Date(Date.now() + 3_600_000);
    fs.utimesSync(lockPath(), later, later);
    await openStore(dir).saveInstance(instanceRecord());
    expect(fs.existsSync(lockPath())).toBe(false);
  });

  it("a lock that is a directory: exit 3 naming the lock, not the store", async () => {
    fs.mkdirSync(lockPath());
    const error = await failureOf(openStore(dir).saveInstance(instanceRecord()));
    expect(exitCodeOf(error)).toBe(3);
    expect(error.message).toContain(`The store lock ${lockPath()} is not a file (it is a directory)`);
    expect(fs.existsSync(path.join(dir, "store.json"))).toBe(false);
  });

  it.each([
    ["a FIFO", (file: string) => expect(spawnSync("mkfifo", [file]).status).toBe(0), "special file"],
    ["a symlink", (file: string) => fs.symlinkSync(path.join(dir, "elsewhere"), file), "symbolic link"],
  ] as const)("a lock that is %s: exit 3 at once naming the lock, never a wait that blocks", async (_, make, kind) => {
    make(lockPath());
    const error = await failureOf(openStore(dir).saveInstance(instanceRecord()));
    expect(exitCodeOf(error)).toBe(3);
    expect(error.message).toContain(`The store lock ${lockPath()} is not a file (it is a ${kind})`);
  });

  it("Ctrl-C while the probe waits for a live lock stops the wait: interrupted, nothing written", async () => {
    fs.writeFileSync(lockPath(), JSON.stringify({ pid: process.pid, hostname: os.hostname(), createdAt: Date.now(), nonce: "live" }));
    const interrupt = new AbortController();
    const probing = openStore(dir).checkWritable(interrupt.signal);
    setTimeout(() => interrupt.abort(), 200);
    const error = await failureOf(probing);
    expect(error).toBeInstanceOf(InterruptedError);
    expect(exitCodeOf(error)).toBe(130);
    expect(fs.readdirSync(dir)).toEqual(["store.json.lock"]);
  });
});

describe("store files that are not the store's", () => {
  it("a store.json that is a FIFO: refused at once (exit 3), never a read that blocks", async () => {
    const fifo = path.join(dir, "store.json");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const run = await runBinary(["instances", "list"], { CONNECTOR_CONFIG_DIR: dir });
    expect(run.stderr).toContain(`The connector store ${fifo} is a named pipe (FIFO), not a regular file`);
    expect(run.code).toBe(3);
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
  });

  it("an elements-cache.json that is a FIFO is ignored and replaced, never read", async () => {
    const cache = path.join(dir, "elements-cache.json");
    expect(spawnSync("mkfifo", [cache]).status).toBe(0);
    expect(readCachedConfiguration(dir, "http://a/elements/api-v2", "twilio")).toBeUndefined();
    expect(await writeCachedConfiguration(dir, "http://a/elements/api-v2", "twilio", [])).toBe(true);
    expect(fs.lstatSync(cache).isFile()).toBe(true);
    expect(readCachedConfiguration(dir, "http://a/elements/api-v2", "twilio")).toEqual([]);
  });

  it("a store.json that is a symlink: refused (exit 3), its target neither read nor chmod'ed", async () => {
    const target = path.join(root, "elsewhere.json");
    fs.writeFileSync(target, JSON.stringify({ instances: [] }), { mode: 0o644 });
    fs.chmodSync(target, 0o644);
    fs.symlinkSync(target, path.join(dir, "store.json"));
    const store = openStore(dir);
    for (const attempt of [store.listInstances("default"), store.saveInstance(instanceRecord())]) {
      const error = await failureOf(attempt);
      expect(exitCodeOf(error)).toBe(3);
      expect(error.message).toContain("is a symbolic link, not a regular file");
    }
    expect(fs.statSync(target).mode & 0o777).toBe(0o644);
    expect(fs.readFileSync(target, "utf8")).toBe(JSON.stringify({ instances: [] }));
  });

  it("a config directory writable by others (0777): refused with the chmod to run, nothing changed", async () => {
    const store = openStore(dir);
    await store.saveInstance(instanceRecord());
    const before = fs.readFileSync(store.path, "utf8");
    fs.chmodSync(dir, 0o777);
    for (const attempt of [store.listInstances("default"), store.saveInstance(instanceRecord({ id: 2 }))]) {
      const error = await failureOf(attempt);
      expect(exitCodeOf(error)).toBe(3);
      expect(error.message).toContain(`is writable by other users (mode 0777)`);
      expect(error.message).toContain(`chmod 700 ${dir}`);
    }
    expect(fs.readFileSync(store.path, "utf8")).toBe(before);
  });

  it("a store.json that starts with a byte order mark is read, and written back without it", async () => {
    const store = openStore(dir);
    await store.saveInstance(instanceRecord());
    fs.writeFileSync(store.path, "\uFEFF" + fs.readFileSync(store.path, "utf8"), { mode: 0o600 });
    expect(await store.listInstances("default")).toHaveLength(1);
    await store.saveInstance(instanceRecord({ id: 2 }));
    expect(fs.readFileSync(store.path, "utf8").charCodeAt(0)).toBe("{".charCodeAt(0));
    expect(await store.listInstances("default")).toHaveLength(2);
  });
});

describe("a config directory that cannot be made, on the first run", () => {
  const platform = usePlatform();

  it("the config directory path is a file (EEXIST): login and provision exit 3, nothing created", async () => {
    const file = path.join(root, "not-a-dir");
    fs.writeFileSync(file, "");
    const env = { ...platform.env, CONNECTOR_CONFIG_DIR: file, TWILIO_AUTH_TOKEN: "5f4dcc3b5aa765d61d8327deb882cf99" };
    const login = await runBinary(["login", "--no-input"], env);
    expect(login.stderr).toContain(`The connector directory ${file} is not a directory`);
    expect(login.code).toBe(3);
    const provision = await runBinary(["provision", ...entryFlags("first-run-file"), "--no-input"], env);
    expect(provision.code).toBe(3);
    expect(platform.emulator.instances().filter((instance) => instance.name === "first-run-file")).toHaveLength(0);
  });

  it("a full disk on the first run: provision exits 3 with nothing created", async (context) => {
    const disk = mountTinyDisk(64);
    if (typeof disk === "string") return context.skip(disk);
    try {
      disk.fill();
      const env = { ...platform.env, CONNECTOR_CONFIG_DIR: path.join(disk.dir, "connector"), TWILIO_AUTH_TOKEN: "5f4dcc3b5aa765d61d8327deb882cf99" };
      const run = await runBinary(["provision", ...entryFlags("first-run-full"), "--no-input"], env);
      expect(run.stderr).toMatch(/Cannot write the connector store .*the disk is full \(ENOSPC\)/);
      expect(run.code).toBe(3);
      expect(platform.emulator.instances().filter((instance) => instance.name === "first-run-full")).toHaveLength(0);
    } finally {
      disk.unmount();
    }
  });
});
