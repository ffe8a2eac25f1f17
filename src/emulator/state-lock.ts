// One emulator per --state file. Two emulators on one file each read it once, hand out the same
// ids and overwrite each other's writes: a teammate's instance is gone after a restart. So the
// emulator holds `<state>.lock` (created O_EXCL, naming its PID and host) for as long as it
// runs, and a second one is refused (exit 3) naming the first. A lock whose process is gone (a
// kill -9, a crash) is taken over; one from another host is left to the person to judge.
import { closeSync, linkSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, constants } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { ConfigError } from "../errors.ts";
import { randomHex } from "../random.ts";

export interface StateLock {
  /** Removes the lock, if it is still this emulator's. */
  release(): void;
}

interface LockContent {
  pid: number;
  hostname: string;
  nonce: string;
}

/** A lock being written this moment may still be empty: younger than this, it is not judged stale. */
const FRESH_MS = 2000;

function readLock(lockPath: string): { text: string; content?: LockContent; ageMs: number } | undefined {
  try {
    const stat = lstatSync(lockPath);
    if (!stat.isFile()) throw new ConfigError(`The emulator's lock ${lockPath} is not a file. Remove it, or pass another --state file.`);
    const text = readFileSync(lockPath, "utf8");
    let content: LockContent | undefined;
    try {
      const value = JSON.parse(text) as Partial<LockContent>;
      if (Number.isSafeInteger(value.pid) && typeof value.hostname === "string" && typeof value.nonce === "string") content = value as LockContent;
    } catch {
      content = undefined;
    }
    return { text, content, ageMs: Date.now() - stat.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // it exists, it is someone else's
  }
}

function busy(statePath: string, holder: string): ConfigError {
  return new ConfigError(
    `The emulator state file ${statePath} is in use by ${holder}. Two emulators on one file would hand out the same ids and overwrite each other's instances.`,
    [],
    "Stop the other emulator, or pass another --state file (one per emulator).",
  );
}

/** Moves a stale lock aside, if it is still the one judged stale (another emulator may have taken it over meanwhile). */
function takeOver(lockPath: string, staleText: string): void {
  const aside = `${lockPath}.stale-${process.pid}-${randomHex(4)}`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // someone else moved it first
    throw error;
  }
  if (readFileSync(aside, "utf8") !== staleText) {
    // It was a fresh lock by then: put it back, never over a newer one.
    try {
      linkSync(aside, lockPath);
    } catch {
      // A newer lock stands there: it wins.
    }
  }
  unlinkSync(aside);
}

function create(lockPath: string, content: LockContent): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new ConfigError(`Cannot create the emulator's lock ${lockPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. Check the folder of the --state file.`);
  }
  try {
    writeSync(fd, JSON.stringify(content));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Takes `<statePath>.lock` for this emulator, or throws exit 3 naming the emulator that holds it. */
export function lockStateFile(statePath: string): StateLock {
  const lockPath = `${statePath}.lock`;
  mkdirSync(dirname(statePath), { recursive: true, mode: 0o700 }); // as the state's writer would
  const mine: LockContent = { pid: process.pid, hostname: hostname(), nonce: randomHex(8) };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (create(lockPath, mine)) return { release: () => release(lockPath, mine.nonce) };
    const held = readLock(lockPath);
    if (!held) continue; // released meanwhile
    const { content } = held;
    if (!content) {
      if (held.ageMs < FRESH_MS) throw busy(statePath, "another emulator starting this moment");
      takeOver(lockPath, held.text);
      continue;
    }
    if (content.hostname !== mine.hostname) throw busy(statePath, `an emulator on host ${content.hostname} (PID ${content.pid}); if none runs there, delete ${lockPath}`);
    if (alive(content.pid)) throw busy(statePath, `another emulator (PID ${content.pid})`);
    takeOver(lockPath, held.text);
  }
  throw busy(statePath, "other emulators starting this moment");
}

function release(lockPath: string, nonce: string): void {
  try {
    if (readLock(lockPath)?.content?.nonce === nonce) unlinkSync(lockPath);
  } catch {
    // Stopping goes on: a lock left behind names this process, which is gone, so it is taken over.
  }
}
