// A cross-process lock next to the store, so that two `connector` processes never both
// read-modify-write store.json and lose one's change. The lock is a file created with
// O_EXCL holding {pid, hostname, createdAt, nonce}. The lock is only ever held for a
// synchronous read-and-write of a few milliseconds, so a lock that cannot be a live holder's
// is abandoned and taken over at once (see isStale), under a second O_EXCL file so that two
// waiters never both remove it. The critical section is synchronous: nothing else
// of this process (no signal handler, no other async task) runs while the lock is held.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { CliError, ConfigError, InterruptedError } from "../errors.ts";

export interface LockOptions {
  /** How long to wait for another process before giving up; default 10 s. */
  waitMs?: number;
  /** A lock older than this is abandoned, whoever holds it; default 30 s. */
  staleMs?: number;
  /** Stops the wait (Ctrl-C); a lock already taken is never given up halfway. */
  signal?: AbortSignal;
}

interface LockInfo {
  raw: string;
  createdAt: number;
  pid?: number;
  hostname?: string;
  nonce?: string;
  /** False for an empty or garbage file: its date is the file's, its holder unknown. */
  readable: boolean;
}

/** A breaker that died between creating its guard file and removing it leaves this behind. */
const GUARD_STALE_MS = 5_000;
/** A writer fills its lock file right after creating it: empty or garbage for longer is a wreck. */
const UNREADABLE_STALE_MS = 1_000;
/** Another host's holder cannot be asked whether it lives; no write of the store takes this long. */
const FOREIGN_STALE_MS = 5_000;
/** Clocks of one host agree: a lock dated further ahead was not written by a live holder. */
const FUTURE_SLACK_MS = 1_000;

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** The lock file's content, or undefined when there is no lock. */
function readLock(lockPath: string): LockInfo | undefined {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, "r");
  } catch (error) {
    if (codeOf(error) === "ENOENT") return undefined;
    throw error;
  }
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) {
      throw new ConfigError(
        `The store lock ${lockPath} is not a file (it is a ${stats.isDirectory() ? "directory" : "special file"}), so no connector process holds it. ` +
          `Remove it (rm -r ${lockPath}) and try again.`,
      );
    }
    const raw = fs.readFileSync(fd, "utf8");
    const info: LockInfo = { raw, createdAt: stats.mtimeMs, readable: false };
    try {
      const parsed = JSON.parse(raw) as Partial<LockInfo>;
      if (typeof parsed.createdAt === "number") info.createdAt = parsed.createdAt;
      if (typeof parsed.pid === "number") info.pid = parsed.pid;
      if (typeof parsed.hostname === "string") info.hostname = parsed.hostname;
      if (typeof parsed.nonce === "string") info.nonce = parsed.nonce;
      info.readable = typeof parsed.pid === "number" && typeof parsed.createdAt === "number";
    } catch {
      // Being written this very moment, or garbage: only its age can make it stale.
    }
    return info;
  } finally {
    fs.closeSync(fd);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === "EPERM";
  }
}

/**
 * False only when the process is known to be something else than a connector (Linux: its
 * command line names neither node nor connector): a PID written by hand, or reused.
 */
function mayBeConnector(pid: number): boolean {
  let commandLine: string;
  try {
    commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return true; // no /proc (macOS), or not ours to read: only its age can tell
  }
  return commandLine === "" || /node|connector/i.test(commandLine);
}

/**
 * True when no live connector can be holding the lock: held longer than `staleMs`; empty or
 * garbage for over a second; dated in the future; from another host for over a few seconds;
 * or naming a process of this host that is dead or is not a connector.
 */
function isStale(info: LockInfo, staleMs: number): boolean {
  const age = Date.now() - info.createdAt;
  if (age > staleMs || age < -FUTURE_SLACK_MS) return true;
  if (!info.readable || info.pid === undefined) return age > UNREADABLE_STALE_MS;
  if (info.hostname !== os.hostname()) return age > FOREIGN_STALE_MS;
  return !isAlive(info.pid) || !mayBeConnector(info.pid);
}

function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(path, "wx", 0o600);
  } catch (error) {
    if (codeOf(error) === "EEXIST") return false;
    throw error;
  }
  try {
    fs.writeFileSync(fd, content);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(path, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  return true;
}

/** Removes the stale lock `seen` if it is still there; true when the lock may now be free. */
function breakStaleLock(lockPath: string, seen: LockInfo, staleMs: number): boolean {
  const guard = `${lockPath}.break`;
  if (!tryCreate(guard, String(process.pid))) {
    const guardInfo = readLock(guard);
    if (guardInfo && Date.now() - guardInfo.createdAt > GUARD_STALE_MS) fs.rmSync(guard, { force: true });
    return false;
  }
  try {
    const now = readLock(lockPath);
    if (!now) return true;
    if (now.raw !== seen.raw || !isStale(now, staleMs)) return false;
    // Move it aside and look again: if it is not the lock judged stale, put it back.
    const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
    try {
      fs.renameSync(lockPath, aside);
    } catch (error) {
      if (codeOf(error) === "ENOENT") return true;
      throw error;
    }
    if (fs.readFileSync(aside, "utf8") !== seen.raw) {
      try {
        fs.linkSync(aside, lockPath);
      } catch {
        // Someone took the free lock meanwhile: theirs stands.
      }
    }
    fs.rmSync(aside, { force: true });
    return true;
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

function describeHolder(holder: LockInfo | undefined): string {
  if (!holder) return "";
  const pid = holder.pid === undefined ? "" : ` by process ${holder.pid}${holder.hostname ? ` on ${holder.hostname}` : ""}`;
  return ` (held${pid} since ${new Date(holder.createdAt).toISOString()})`;
}

/**
 * Runs `critical` while holding the lock at `lockPath`, waiting for other processes with
 * small random sleeps. Throws an "unavailable" CliError naming the lock file on timeout.
 */
export async function withLock<T>(lockPath: string, critical: () => T, options: LockOptions = {}): Promise<T> {
  const waitMs = options.waitMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + waitMs;
  const nonce = randomBytes(8).toString("hex");
  for (;;) {
    const content = JSON.stringify({ pid: process.pid, hostname: os.hostname(), createdAt: Date.now(), nonce });
    if (tryCreate(lockPath, content)) {
      try {
        return critical();
      } finally {
        if (readLock(lockPath)?.nonce === nonce) fs.rmSync(lockPath, { force: true });
      }
    }
    const holder = readLock(lockPath);
    if (!holder) continue;
    if (isStale(holder, staleMs) && breakStaleLock(lockPath, holder, staleMs)) continue;
    if (options.signal?.aborted) throw new InterruptedError("Interrupted while waiting for the store lock; nothing was written.");
    if (Date.now() >= deadline) {
      throw new CliError(
        "unavailable",
        `Gave up after ${Math.round(waitMs / 1000)} s waiting for the lock ${lockPath}${describeHolder(holder)}: ` +
          `another connector process is changing the store. Try again; if no connector process is running, delete ${lockPath}.`,
      );
    }
    await sleep(5 + Math.random() * 20, undefined, { signal: options.signal }).catch(() => undefined);
  }
}
