// A store that loses nothing: concurrent writers (async tasks of one process, or separate
// processes) all land; a lock left by a dead or stuck process is taken over; a live lock
// makes a writer wait, then fail naming the lock; a kill -9 mid-write leaves a whole file.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CliError, exitCodeOf } from "../src/errors.ts";
import { openStore, type InstanceRecord } from "../src/store/index.ts";

let dir: string;
let lockPath: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "connector-lock-"));
  lockPath = path.join(dir, "store.json.lock");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function instance(id: number): InstanceRecord {
  return {
    id,
    name: `i-${id}`,
    element: "twilio",
    profile: "default",
    baseUrl: "http://127.0.0.1:9/elements/api-v2",
    tags: [],
    token: `token-${id}-abcdef`,
    templates: [],
    createdAt: "2025-01-01T00:00:00.000Z",
  };
}

function writeLock(content: object | string): void {
  fs.writeFileSync(lockPath, typeof content === "string" ? content : JSON.stringify(content), { mode: 0o600 });
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid ?? 999_999;
}

describe("the store lock", () => {
  it("parallel saves in one process lose nothing", async () => {
    const store = openStore(dir);
    await Promise.all([...Array.from({ length: 20 }, (_, i) => store.saveInstance(instance(i))), ...Array.from({ length: 20 }, (_, i) => store.saveProfile(`p${i}`, { updatedAt: String(i) }))]);
    expect((await store.listInstances("default")).map((r) => r.id).sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    expect(await store.listProfiles()).toHaveLength(20);
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  it("a lock left by a dead process is taken over", async () => {
    writeLock({ pid: deadPid(), hostname: os.hostname(), createdAt: Date.now(), nonce: "dead" });
    await openStore(dir, { waitMs: 2_000 }).saveInstance(instance(1));
    expect(await openStore(dir).listInstances("default")).toHaveLength(1);
    expect(fs.readdirSync(dir)).toEqual(["store.json"]);
  });

  it("a lock older than the stale age is taken over even if its process lives", async () => {
    writeLock({ pid: process.pid, hostname: os.hostname(), createdAt: Date.now() - 60_000, nonce: "old" });
    await openStore(dir, { waitMs: 2_000 }).saveInstance(instance(1));
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  it("a live lock makes a writer give up with an error naming the lock, changing nothing", async () => {
    const store = openStore(dir);
    await store.saveInstance(instance(1));
    const before = fs.readFileSync(store.path);
    writeLock({ pid: process.pid, hostname: os.hostname(), createdAt: Date.now(), nonce: "live" });
    const error = await openStore(dir, { waitMs: 200 })
      .saveInstance(instance(2))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe("unavailable");
    expect(exitCodeOf(error)).toBe(6);
    expect((error as Error).message).toContain(lockPath);
    expect((error as Error).message).toContain(`process ${process.pid}`);
    expect(fs.readFileSync(store.path)).toEqual(before);
    expect(fs.existsSync(lockPath)).toBe(true);
  });

  it("an unreadable lock file is judged by its age alone", async () => {
    writeLock("");
    const fresh = await openStore(dir, { waitMs: 150 })
      .saveInstance(instance(1))
      .catch((e: unknown) => e);
    expect(fresh).toBeInstanceOf(CliError);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockPath, old, old);
    await openStore(dir, { waitMs: 2_000 }).saveInstance(instance(1));
    expect(await openStore(dir).listInstances("default")).toHaveLength(1);
  });

  it("a writer waiting for a live lock proceeds once it is released", async () => {
    writeLock({ pid: process.pid, hostname: os.hostname(), createdAt: Date.now(), nonce: "live" });
    const saving = openStore(dir, { waitMs: 10_000 }).saveInstance(instance(1));
    setTimeout(() => fs.rmSync(lockPath), 100);
    await saving;
    expect(await openStore(dir).listInstances("default")).toHaveLength(1);
  });
});

describe("separate processes", () => {
  let work: string;

  beforeEach(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "connector-lock-bundle-"));
    const root = fileURLToPath(new URL("..", import.meta.url));
    fs.symlinkSync(path.join(root, "node_modules"), path.join(work, "node_modules"), "dir");
    await build({
      entryPoints: [path.join(root, "src/store/index.ts")],
      outfile: path.join(work, "store.mjs"),
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      logLevel: "silent",
    });
    fs.writeFileSync(
      path.join(work, "child.mjs"),
      `
      import { openStore } from "./store.mjs";
      const [dir, worker, count, big] = process.argv.slice(2);
      const store = openStore(dir);
      const w = Number(worker);
      await store.saveProfile("p" + w, { updatedAt: new Date().toISOString(), userSecret: "user-secret-" + w });
      for (let i = 0; i < Number(count); i++) {
        await store.saveInstance({ id: w * 100000 + i, name: "w" + w + "-" + i, element: "twilio", profile: "default",
          baseUrl: "http://127.0.0.1:9", tags: [], token: "token-" + w + "-" + i, createdAt: new Date().toISOString(),
          templates: [{ usageType: "Generic", content: "{{code}}".padEnd(Number(big), "x") }] });
        process.stdout.write(i + 1 + "\\n");
      }
    `,
    );
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  function run(worker: number, count: number, big = 10) {
    return spawn(process.execPath, [path.join(work, "child.mjs"), dir, String(worker), String(count), String(big)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
  }

  function exited(child: ReturnType<typeof run>): Promise<{ code: number | null; stderr: string }> {
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => child.on("close", (code) => resolve({ code, stderr })));
  }

  it("20 processes saving at once, past a dead process's lock, lose nothing", { tags: ["slow"], timeout: 60_000 }, async () => {
    writeLock({ pid: deadPid(), hostname: os.hostname(), createdAt: Date.now(), nonce: "dead" });
    const results = await Promise.all(Array.from({ length: 20 }, (_, w) => exited(run(w, 5))));
    for (const result of results) expect(result).toEqual({ code: 0, stderr: "" });
    const store = openStore(dir);
    expect(await store.listInstances("default")).toHaveLength(100);
    expect(await store.listProfiles()).toHaveLength(20);
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  it("a kill -9 in the middle of writing leaves a whole store that keeps every finished save", async () => {
    const child = run(1, 100_000, 20_000);
    let saved = 0;
    await new Promise<void>((resolve) => {
      child.stdout?.on("data", (chunk: Buffer) => {
        saved = Number(chunk.toString().trim().split("\n").pop());
        if (saved >= 40) resolve();
      });
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("close", resolve));
    const store = openStore(dir, { waitMs: 2_000 });
    expect((await store.listInstances("default")).length).toBeGreaterThanOrEqual(saved);
    await store.saveInstance(instance(1));
    expect(await store.findInstance("default", "1")).toBeDefined();
  }, 60_000);
});
