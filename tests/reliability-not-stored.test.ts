// "Never an instance created but its token not stored with a misleading message": the store is
// proved writable before anything is created (a store that is not: exit 3, nothing created);
// when storing still fails after the create (a full disk, a read-only directory, a lock held
// too long, Ctrl-C while waiting for it), the CLI says instance N exists and how to store its
// token, exits 9 (not_stored), and `--if-exists skip` then stores it without a second instance.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.ts";
import { startGate, type Gate } from "./helpers/gate.ts";
import { giveToNobody, holdLock, isRoot, makeUnreplaceable, mountTinyDisk, noOtherUser, startCliAsNobody, type LockHolder, type TinyDisk } from "./helpers/hostile-fs.ts";
import { AUTH_TOKEN, entryFlags, platformEnv } from "./helpers/platform.ts";
import { jsonOf, runBinary, tempConfigDir } from "./helpers/run.ts";
import { startCli, waitUntil } from "./helpers/spawn-cli.ts";

if (isRoot && noOtherUser) console.warn(`tests/reliability-not-stored.test.ts: the permission cases are skipped: ${noOtherUser}.`);

let emulator: RunningEmulator;
let gate: Gate;
let afterCreate: () => Promise<void> | void = () => undefined;
let holder: LockHolder | undefined;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  gate = await startGate(emulator.url, () => afterCreate());
});
afterAll(async () => {
  await gate.close();
  await emulator.close();
});
afterEach(async () => {
  afterCreate = () => undefined;
  await holder?.release();
  holder = undefined;
});

function envFor(dir: string): NodeJS.ProcessEnv {
  return platformEnv(gate.url, { CONNECTOR_CONFIG_DIR: dir, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
}

async function takenOverBeforeTheRun(kind: string, content: () => string): Promise<void> {
  const dir = tempConfigDir();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(dir, "store.json.lock"), content(), { mode: 0o600 });
  const name = `stale-${kind.split(" ").at(-1)}`;
  const run = await runBinary(provisionArgs(name), envFor(dir));
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(named(name)).toHaveLength(1);
  expect(storedNames(dir)).toEqual([name]);
}

/** For the tests that hold the lock on purpose: a wait of 3 s (CONNECTOR_LOCK_TIMEOUT) instead of the default 10 s. */
function shortLockEnvFor(dir: string): NodeJS.ProcessEnv {
  return { ...envFor(dir), CONNECTOR_LOCK_TIMEOUT: "3" };
}

const named = (name: string) => emulator.instances().filter((instance) => instance.name === name);
const provisionArgs = (name: string, ...more: string[]) => ["provision", ...entryFlags(name), "--no-input", ...more];

function storedNames(dir: string): string[] {
  const document = JSON.parse(fs.readFileSync(path.join(dir, "store.json"), "utf8")) as { instances?: { name: string }[] };
  return (document.instances ?? []).map((instance) => instance.name).sort();
}

/** The failed run says plainly that the instance exists, exits 9, and a skip run then stores its token. */
async function expectNotStoredThenRecover(name: string, run: { code: number; stdout: string }, recover: () => Promise<{ code: number }>, dir: string): Promise<void> {
  expect(run.code).toBe(9);
  const doc = jsonOf(run as { code: number; stdout: string; stderr: string });
  const [instance] = named(name);
  expect(instance).toBeDefined();
  expect(doc).toMatchObject({ ok: false, error: { code: "not_stored", id: instance?.id } });
  expect(doc.error.message).toContain(`(id ${instance?.id}) was created and exists on`);
  expect(doc.error.hint).toContain("--if-exists skip");
  expect(doc.error.message + doc.error.hint).not.toMatch(/nothing was changed|try again/i);
  const again = await recover();
  expect(again.code).toBe(0);
  expect(named(name)).toHaveLength(1);
  expect(storedNames(dir)).toContain(name);
}

describe("the store is proved writable before anything is created", () => {
  it.skipIf(noOtherUser !== undefined && isRoot)("a config directory that cannot be created (EACCES): exit 3, nothing created", async () => {
    const parent = path.dirname(tempConfigDir());
    fs.chmodSync(parent, 0o555); // nobody (or the user running the tests) cannot create anything in it
    const dir = path.join(parent, "connector");
    const run = await startCliAsNobody(provisionArgs("probe-eacces"), envFor(dir)).done;
    expect(run.stderr).toMatch(/Cannot write the connector store .*permission denied \(EACCES\)/);
    expect(run.code).toBe(3);
    expect(named("probe-eacces")).toHaveLength(0);
  });

  it("a lock that is a directory: exit 3 naming the lock, nothing created", async () => {
    const dir = tempConfigDir();
    fs.mkdirSync(path.join(dir, "store.json.lock"), { recursive: true });
    fs.chmodSync(dir, 0o700);
    const run = await runBinary(provisionArgs("probe-lockdir"), envFor(dir));
    expect(run.stderr).toContain(`The store lock ${path.join(dir, "store.json.lock")} is not a file (it is a directory)`);
    expect(run.code).toBe(3);
    expect(named("probe-lockdir")).toHaveLength(0);
  });

  let unrelated: ChildProcess | undefined;
  afterEach(() => {
    unrelated?.kill("SIGKILL");
    unrelated = undefined;
  });

  it.each([
    ["empty", () => ""],
    ["garbage", () => "garbage"],
    [
      "naming an unrelated live process",
      () => {
        unrelated = spawn("sleep", ["60"], { stdio: "ignore" });
        return JSON.stringify({ pid: unrelated.pid, hostname: os.hostname(), createdAt: Date.now(), nonce: "x" });
      },
    ],
    ["dated in the future", () => JSON.stringify({ pid: process.pid, hostname: os.hostname(), createdAt: Date.now() + 86_400_000, nonce: "x" })],
  ])("a lock file %s left before the run: provision takes it over and stores the token", async (kind, content) => takenOverBeforeTheRun(kind, content));

  // A lock of another host is judged by its age alone (its process cannot be asked): a real 5 s wait.
  it("a lock file from another host left before the run: provision takes it over and stores the token", { tags: ["slow"] }, async () =>
    takenOverBeforeTheRun("from another host", () => JSON.stringify({ pid: 1, hostname: "another-host.example", createdAt: Date.now(), nonce: "x" })),
  );

  it("a lock held by a live process for longer than the lock's wait: exit 6 saying so, nothing created", { tags: ["slow"], timeout: 30_000 }, async () => {
    const dir = tempConfigDir();
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    holder = await holdLock(path.join(dir, "store.json.lock"));
    const run = await runBinary(provisionArgs("probe-held"), shortLockEnvFor(dir));
    expect(run.stderr).toContain(`held by process ${holder.pid}`);
    expect(run.stderr).toContain("Gave up after 3 s");
    expect(run.code).toBe(6);
    expect(named("probe-held")).toHaveLength(0);
  });

  // Windows refuses to rename over a store.json that another process holds open (an editor, a
  // virus scan); here a bind mount refuses the same rename. The probe must try that very rename.
  it("a store.json that cannot be replaced (busy): exit 3, nothing created, the store as it was", async (context) => {
    const dir = tempConfigDir();
    expect((await runBinary(provisionArgs("busy-first"), envFor(dir))).code).toBe(0);
    const before = fs.readFileSync(path.join(dir, "store.json"), "utf8");
    const undo = makeUnreplaceable(path.join(dir, "store.json"));
    if (typeof undo === "string") return context.skip(undo);
    try {
      const run = await runBinary(provisionArgs("busy-second"), envFor(dir));
      expect(run.stderr).toContain("EBUSY");
      expect(run.code).toBe(3);
      expect(named("busy-second")).toHaveLength(0);
      expect(fs.readFileSync(path.join(dir, "store.json"), "utf8")).toBe(before);
    } finally {
      undo();
    }
  });
});

describe("a store that fails after the create: exit 9, and how to store the token", () => {
  let disk: TinyDisk | string;
  beforeAll(() => {
    disk = mountTinyDisk(64);
  });
  afterAll(() => {
    if (typeof disk !== "string") disk.unmount();
  });

  it("a disk that fills up: exit 9, the old store intact, then --if-exists skip stores it", async (context) => {
    if (typeof disk === "string") return context.skip(disk);
    const tiny = disk;
    const dir = path.join(tiny.dir, "connector");
    const env = envFor(dir);
    expect((await runBinary(provisionArgs("full-first"), env)).code).toBe(0);
    const before = fs.readFileSync(path.join(dir, "store.json"), "utf8");
    afterCreate = () => tiny.fill();
    const run = await runBinary(provisionArgs("full-second", "--json"), env);
    expect(fs.readFileSync(path.join(dir, "store.json"), "utf8")).toBe(before);
    afterCreate = () => undefined;
    await expectNotStoredThenRecover(
      "full-second",
      run,
      async () => {
        tiny.free();
        return runBinary(provisionArgs("full-second", "--if-exists", "skip"), env);
      },
      dir,
    );
    expect(storedNames(dir)).toEqual(["full-first", "full-second"]);
  });

  it.skipIf(noOtherUser !== undefined && isRoot)("a directory made read-only: exit 9, then --if-exists skip stores it", async () => {
    const dir = tempConfigDir();
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    giveToNobody(path.dirname(dir));
    const env = envFor(dir);
    afterCreate = () => fs.chmodSync(dir, 0o500);
    const run = await startCliAsNobody(provisionArgs("readonly", "--json"), env).done;
    afterCreate = () => undefined;
    await expectNotStoredThenRecover(
      "readonly",
      run,
      async () => {
        fs.chmodSync(dir, 0o700);
        return startCliAsNobody(provisionArgs("readonly", "--if-exists", "skip"), env).done;
      },
      dir,
    );
  });

  it("a lock held by a live process for longer than the lock's wait after the create: exit 9 naming the lock", { tags: ["slow"], timeout: 40_000 }, async () => {
    const dir = tempConfigDir();
    const lock = path.join(dir, "store.json.lock");
    afterCreate = async () => {
      holder = await holdLock(lock);
    };
    const run = await runBinary(provisionArgs("held-after", "--json"), shortLockEnvFor(dir));
    expect(jsonOf(run).error.message).toContain(lock);
    afterCreate = () => undefined;
    await expectNotStoredThenRecover(
      "held-after",
      run,
      async () => {
        await holder?.release();
        return runBinary(provisionArgs("held-after", "--if-exists", "skip"), envFor(dir));
      },
      dir,
    );
  });
});

describe("Ctrl-C while waiting for the lock after the create", () => {
  async function interruptWhileLocked(name: string, lock: string, dir: string, json: boolean) {
    afterCreate = async () => {
      holder = await holdLock(lock);
    };
    const seen = emulator.requests.length;
    const cli = startCli(provisionArgs(name, ...(json ? ["--json"] : [])), shortLockEnvFor(dir));
    let stderr = "";
    cli.child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // After the create's answer the CLI checks for duplicates (GET /instances), then waits for the lock.
    const calls = () => emulator.requests.slice(seen).map((request) => `${request.method} ${request.path.replace(/.*\/instances$/, "/instances")}`);
    const settling = () => {
      const post = calls().indexOf("POST /instances");
      return post >= 0 && calls().indexOf("GET /instances", post) > post;
    };
    await waitUntil(settling);
    await new Promise((resolve) => setTimeout(resolve, 500));
    cli.child.kill("SIGINT");
    await waitUntil(() => stderr.includes("Storing the token"));
    return { cli, stderr: () => stderr };
  }

  it("the lock is freed: the token is still stored, exit 130 saying so", async () => {
    const dir = tempConfigDir();
    const { cli, stderr } = await interruptWhileLocked("ctrlc-freed", path.join(dir, "store.json.lock"), dir, false);
    expect(stderr()).toContain("--if-exists skip");
    await holder?.release();
    const run = await cli.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/was created and its token is stored/);
    expect(storedNames(dir)).toEqual(["ctrlc-freed"]);
  });

  it("the lock stays held: exit 9 (not interrupted), saying how to store the token", { tags: ["slow"], timeout: 40_000 }, async () => {
    const dir = tempConfigDir();
    const { cli } = await interruptWhileLocked("ctrlc-held", path.join(dir, "store.json.lock"), dir, true);
    const run = await cli.done;
    afterCreate = () => undefined;
    await expectNotStoredThenRecover(
      "ctrlc-held",
      run,
      async () => {
        await holder?.release();
        return runBinary(provisionArgs("ctrlc-held", "--if-exists", "skip"), envFor(dir));
      },
      dir,
    );
  });
});
