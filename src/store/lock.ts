// A cross-process lock next to the store, so that two `connector` processes never both
// read-modify-write store.json and lose one's change. The lock is a file created with
// O_EXCL holding {pid, hostname, createdAt, nonce}. A lock that cannot be a live holder's
// (lock-file.ts) is abandoned and taken over, under a second O_EXCL file so that two
// waiters never both remove it. The critical section is synchronous: nothing else
// of this process (no signal handler, no other async task) runs while the lock is held.
import { randomHex } from "../random.ts";
import fs from "node:fs";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { CliError, InterruptedError, UsageError } from "../errors.ts";
import { isDeletePending } from "../os/deleted-names.ts";
import { codeOf, isStale, readLock, type LockInfo } from "./lock-file.ts";

export interface LockOptions {
  /** How long to wait for another process before giving up; default CONNECTOR_LOCK_TIMEOUT, else 10 s. */
  waitMs?: number;
  /** A lock older than this is abandoned, whoever holds it; default 30 s. */
  staleMs?: number;
  /** Stops the wait (Ctrl-C); a lock already taken is never given up halfway. */
  signal?: AbortSignal;
}

/** The default wait: 10 s, or CONNECTOR_LOCK_TIMEOUT seconds (a slow network share; tests that wait on purpose). */
function defaultWaitMs(env: Record<string, string | undefined> = process.env): number {
  const text = env.CONNECTOR_LOCK_TIMEOUT;
  if (text === undefined || text === "") return 10_000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600) {
    throw new UsageError(`CONNECTOR_LOCK_TIMEOUT=${JSON.stringify(text.slice(0, 40))} is not a number of seconds from 0 to 3600.`, "Unset it to wait the default 10 s, or set a number such as 30.");
  }
  return seconds * 1000;
}

/** A breaker that died between creating its guard file and removing it leaves this behind. */
const GUARD_STALE_MS = 5_000;

function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(path, "wx", 0o600);
  } catch (error) {
    // On Windows a lock just released keeps its name while a waiter still reads it: held, for a moment.
    if (codeOf(error) === "EEXIST" || isDeletePending(error)) return false;
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
    const guardInfo = holderOf(guard);
    if (guardInfo && guardInfo !== "leaving" && Date.now() - guardInfo.createdAt > GUARD_STALE_MS) fs.rmSync(guard, { force: true });
    return false;
  }
  try {
    const now = holderOf(lockPath);
    if (!now) return true;
    if (now === "leaving" || now.raw !== seen.raw || !isStale(now, staleMs)) return false;
    // Move it aside and look again: if it is not the lock judged stale, put it back.
    const aside = `${lockPath}.stale-${process.pid}-${randomHex(4)}`;
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

/** The lock's holder; "leaving" for a lock being removed (Windows: see tryCreate), which is waited for. */
function holderOf(lockPath: string): LockInfo | "leaving" | undefined {
  try {
    return readLock(lockPath);
  } catch (error) {
    if (isDeletePending(error)) return "leaving";
    throw error;
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
  const waitMs = options.waitMs ?? defaultWaitMs();
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + waitMs;
  const nonce = randomHex(8);
  for (;;) {
    const content = JSON.stringify({ pid: process.pid, hostname: os.hostname(), createdAt: Date.now(), nonce });
    if (tryCreate(lockPath, content)) {
      try {
        return critical();
      } finally {
        if (readLock(lockPath)?.nonce === nonce) fs.rmSync(lockPath, { force: true });
      }
    }
    const seen = holderOf(lockPath);
    if (!seen) continue;
    const holder = seen === "leaving" ? undefined : seen;
    if (holder && isStale(holder, staleMs) && breakStaleLock(lockPath, holder, staleMs)) continue;
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
