// Real hostile conditions for the store's tests: a tiny tmpfs that can be filled (a full disk),
// the binary run as an unprivileged user (root ignores permissions, which would hide the case),
// and a live process holding the store lock. Each says why it is unavailable, so a test can skip
// with that note instead of passing for nothing.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BIN, spawnBaseEnv, type RunResult } from "./run.ts";
import type { RunningCli } from "./spawn-cli.ts";

const NOBODY = 65_534;

function commandExists(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`]).status === 0;
}

/** True when user nobody can read the built binary (a checkout below a 0700 directory it cannot). */
function nobodyReadsBinary(): boolean {
  const check = `require("fs").accessSync(${JSON.stringify(BIN)}, require("fs").constants.R_OK)`;
  return spawnSync("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--", process.execPath, "-e", check]).status === 0;
}

/** Why the binary cannot be run as another user here, or undefined when it can. */
export const noOtherUser: string | undefined =
  process.getuid?.() !== 0
    ? "not root: permission cases run as the current user"
    : !commandExists("setpriv")
      ? "setpriv is not installed"
      : !nobodyReadsBinary()
        ? `user nobody cannot read ${BIN} (a directory above the checkout is closed to others)`
        : undefined;

/** True when the tests run as root, so a permission case needs another user to be real. */
export const isRoot = process.getuid?.() === 0;

/** Gives `target` (and what is below it) to the unprivileged user the binary will run as. */
export function giveToNobody(target: string): void {
  if (isRoot) execFileSync("chown", ["-R", `${NOBODY}:${NOBODY}`, target]);
}

/** Spawns the built binary, as user nobody when the tests run as root. */
export function startCliAsNobody(args: string[], env: NodeJS.ProcessEnv): RunningCli {
  const command = isRoot ? ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--", process.execPath] : [process.execPath];
  const [file, ...rest] = command as [string, ...string[]];
  const child = spawn(file, [...rest, BIN, ...args], { env: { ...spawnBaseEnv(), ...env }, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin?.end();
  const done = new Promise<RunResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  return { child, done };
}

export interface TinyDisk {
  dir: string;
  /** Writes a filler file until the disk is full, then frees `leaveKib` KiB of it again. */
  fill(leaveKib?: number): void;
  /** Removes the filler. */
  free(): void;
  unmount(): void;
}

/** Mounts a tmpfs of `kib` KiB, or returns why it cannot (not root, no mount in this container). */
export function mountTinyDisk(kib = 64): TinyDisk | string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "connector-tinydisk-"));
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${kib}k,mode=0755`, "tmpfs", dir], { encoding: "utf8" });
  if (mounted.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs here (${(mounted.stderr || mounted.error?.message || "mount failed").trim()})`;
  }
  const filler = path.join(dir, "filler");
  return {
    dir,
    fill(leaveKib = 0) {
      const fd = fs.openSync(filler, "a");
      const chunk = Buffer.alloc(1024, 1);
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
      } finally {
        fs.closeSync(fd);
      }
      if (leaveKib > 0) fs.truncateSync(filler, Math.max(0, fs.statSync(filler).size - leaveKib * 1024));
    },
    free() {
      fs.rmSync(filler, { force: true });
    },
    unmount() {
      spawnSync("umount", [dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface LockHolder {
  pid: number;
  /** Ends the holder, which removes its lock first. */
  release(): Promise<void>;
}

/** A live node process that takes the store lock the way connector does, and keeps it. */
export async function holdLock(lockPath: string): Promise<LockHolder> {
  const script = `
    const fs = require("node:fs");
    const lock = process.argv[1];
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, hostname: require("node:os").hostname(), createdAt: Date.now(), nonce: "holder" }), { flag: "wx", mode: 0o600 });
    process.on("SIGTERM", () => { fs.rmSync(lock, { force: true }); process.exit(0); });
    process.stdout.write("held\\n");
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ["-e", script, lockPath], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`lock holder exited with ${code}`)));
    child.stdout?.once("data", () => resolve());
  });
  return {
    pid: child.pid ?? -1,
    release: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * Makes `file` a target no rename can replace, as Windows does with a file another process holds
 * open: a bind mount of a copy onto it (rename over a mount point is EBUSY), while a rename onto
 * any other name still works. Returns the undo, or why it cannot (not root, no mount here).
 */
export function makeUnreplaceable(file: string): (() => void) | string {
  const copy = `${file}.mount-source`;
  fs.copyFileSync(file, copy);
  const mounted = spawnSync("mount", ["--bind", copy, file], { encoding: "utf8" });
  if (mounted.status !== 0) {
    fs.rmSync(copy, { force: true });
    return `cannot bind-mount a file here (${(mounted.stderr || mounted.error?.message || "mount failed").trim()})`;
  }
  return () => {
    spawnSync("umount", [file]);
    fs.rmSync(copy, { force: true });
  };
}
