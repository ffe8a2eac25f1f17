// What a store lock file says, and whether a live connector can be holding it. The lock is
// only ever held for a synchronous read and write of a few milliseconds, so a lock that cannot
// be a live holder's is judged stale at once, or after a short grace where a holder could be
// mid-way (see isStale), instead of blocking every writer for the full stale age.
import fs from "node:fs";
import os from "node:os";
import { ConfigError } from "../errors.ts";
import { removeCommand } from "../os/advice.ts";

export function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

export interface LockInfo {
  raw: string;
  createdAt: number;
  pid?: number;
  hostname?: string;
  nonce?: string;
  /** False for an empty or garbage file: its date is the file's, its holder unknown. */
  readable: boolean;
}

/** A writer fills its lock file right after creating it: empty or garbage for longer is a wreck. */
const UNREADABLE_STALE_MS = 1_000;
/** Another host's holder cannot be asked whether it lives; no write of the store takes this long. */
const FOREIGN_STALE_MS = 5_000;
/** Clocks of one host agree: a lock dated further ahead was not written by a live holder. */
const FUTURE_SLACK_MS = 1_000;

function notALockFile(lockPath: string, kind: string): ConfigError {
  return new ConfigError(`The store lock ${lockPath} is not a file (it is a ${kind}), so no connector process holds it. Remove it (${removeCommand(lockPath)}) and try again.`);
}

/** The lock file's content, or undefined when there is no lock. */
export function readLock(lockPath: string): LockInfo | undefined {
  let fd: number;
  try {
    // Never follow a link, never block on a FIFO: a lock file is only ever a regular file.
    fd = fs.openSync(lockPath, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (error) {
    if (codeOf(error) === "ENOENT") return undefined;
    if (codeOf(error) === "ELOOP") throw notALockFile(lockPath, "symbolic link");
    throw error;
  }
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) throw notALockFile(lockPath, stats.isDirectory() ? "directory" : "special file");
    const raw = fs.readFileSync(fd, "utf8");
    const info: LockInfo = { raw, createdAt: stats.mtimeMs, readable: false };
    try {
      const parsed = JSON.parse(raw) as Partial<LockInfo>;
      if (typeof parsed.createdAt === "number") info.createdAt = parsed.createdAt;
      // 0 and negative PIDs name process groups, which kill(pid, 0) would find alive.
      if (Number.isSafeInteger(parsed.pid) && (parsed.pid as number) > 0) info.pid = parsed.pid;
      if (typeof parsed.hostname === "string") info.hostname = parsed.hostname;
      if (typeof parsed.nonce === "string") info.nonce = parsed.nonce;
      info.readable = info.pid !== undefined && typeof parsed.createdAt === "number";
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
export function isStale(info: LockInfo, staleMs: number): boolean {
  const age = Date.now() - info.createdAt;
  if (age > staleMs || age < -FUTURE_SLACK_MS) return true;
  if (!info.readable || info.pid === undefined) return age > UNREADABLE_STALE_MS;
  if (info.hostname !== os.hostname()) return age > FOREIGN_STALE_MS;
  return !isAlive(info.pid) || !mayBeConnector(info.pid);
}
