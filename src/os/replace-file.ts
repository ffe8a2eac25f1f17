// The one way connector replaces a file (the store, the lock, plan files, init's instance.json,
// the emulator's state, the caches), so that, whatever happens (a full disk, a crash, a kill -9,
// a power cut, another process holding the file open), the path holds either the old content or
// the whole new one. conf's writer (`atomically`)
// ignores the count a short writeSync returns, so on a nearly full disk it renamed a truncated
// temp file over the store and reported success: every token in it became unreadable. This
// writer loops until every byte is written, fsyncs the file, renames it into place and fsyncs
// the directory (so the rename itself survives a crash); any failure removes the temp file
// and leaves the old file exactly as it was. The temp file has a random name and is created
// with O_EXCL and O_NOFOLLOW, so a file or symlink planted at a guessable name is never written
// through. On Windows, renaming over a file that another process holds open (another connector,
// an antivirus scan, the search indexer, OneDrive) fails with EPERM, EACCES or EBUSY for as long
// as the handle lives: the rename is retried for a bounded time, as npm's graceful-fs does.
import { randomHex } from "../random.ts";
import fs from "node:fs";
import path from "node:path";
import { isWindows } from "./host.ts";

/** The prefix of the temp files this writer makes next to `file` (a crash leaves them behind). */
export function tempPrefix(file: string): string {
  return `${path.basename(file)}.tmp-`;
}

/** Writes all of `data` to `fd`, or throws: a write of 0 bytes is a full disk that said nothing. */
function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) {
    const written = fs.writeSync(fd, data, offset, data.length - offset);
    if (written <= 0) throw Object.assign(new Error(`short write: ${offset} of ${data.length} bytes`), { code: "ENOSPC" });
    offset += written;
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // The write already failed; that error is the one to report.
  }
}

/** Makes the directory entry of a rename durable; some file systems cannot fsync a directory. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
    fs.fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EINVAL" && code !== "ENOTSUP" && code !== "EISDIR" && code !== "EPERM") throw error;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Errors of a rename on Windows that mean "the target is open elsewhere": they pass when it closes. */
const BUSY_CODES = new Set(["EPERM", "EACCES", "EBUSY"]);
/** How long a rename waits out a busy target, at most: seconds, under the lock when there is one. */
export const BUSY_RETRY_MS = 10_000;

/** Blocks this thread for `ms` (the writer is synchronous on purpose: see replaceFile). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export interface RenameRetry {
  /** Whether busy errors are retried at all; default: on Windows only. */
  retryBusy?: boolean;
  /** The longest total wait; default BUSY_RETRY_MS. */
  budgetMs?: number;
  rename?: (from: string, to: string) => void;
  sleep?: (ms: number) => void;
  now?: () => number;
}

/**
 * Renames `from` over `to`. Where the OS refuses to replace a file that is open elsewhere
 * (Windows), a busy error is retried with a growing pause until `budgetMs` has passed; then the
 * last error is thrown. Elsewhere a rename over an open file succeeds, so nothing is retried.
 */
export function renameOverBusy(from: string, to: string, options: RenameRetry = {}): void {
  const { retryBusy = isWindows(), budgetMs = BUSY_RETRY_MS, rename = fs.renameSync, sleep = sleepSync, now = Date.now } = options;
  const start = now();
  for (let pause = 10; ; pause = Math.min(pause * 2, 500)) {
    try {
      rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      const left = budgetMs - (now() - start);
      if (!retryBusy || !BUSY_CODES.has(code) || left <= 0) throw error;
      sleep(Math.min(pause, left));
    }
  }
}

export interface WriteOptions {
  /** The file's mode, whatever the umask; default 0600. */
  mode?: number;
  /**
   * False skips both fsyncs: still complete (every byte, or an error) and atomic, but a power
   * cut may lose it. For what can be made again (a cache) or is removed at once (a probe).
   */
  sync?: boolean;
  /** How a busy target is waited out (tests); default renameOverBusy's. */
  renameRetry?: RenameRetry;
}

/** Pieces of text are written through a buffer of this size, never encoded whole. */
const PIECES_BUFFER_BYTES = 1 << 16;

/** Writes `pieces` to `fd` as UTF-8, a buffer at a time. */
function writePieces(fd: number, pieces: Iterable<string>): void {
  const buffer = Buffer.allocUnsafe(PIECES_BUFFER_BYTES);
  let used = 0;
  for (const piece of pieces) {
    const length = Buffer.byteLength(piece, "utf8");
    if (used + length > buffer.length) {
      writeAll(fd, buffer.subarray(0, used));
      used = 0;
    }
    if (length > buffer.length) writeAll(fd, Buffer.from(piece, "utf8"));
    else used += buffer.write(piece, used, "utf8");
  }
  writeAll(fd, buffer.subarray(0, used));
}

/**
 * Replaces `file` with `data` (bytes, a text, or a text in pieces): complete and durable, or an
 * error with `file` untouched. Synchronous, so no signal handler runs in the middle.
 */
export function replaceFile(file: string, data: string | Buffer | Iterable<string>, options: WriteOptions = {}): void {
  const { mode = 0o600, sync = true, renameRetry } = options;
  const temp = path.join(path.dirname(file), `${tempPrefix(file)}${process.pid}-${randomHex(6)}`);
  const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;
  let fd: number | undefined = fs.openSync(temp, flags, mode);
  try {
    fs.fchmodSync(fd, mode);
    if (Buffer.isBuffer(data)) writeAll(fd, data);
    else writePieces(fd, typeof data === "string" ? [data] : data);
    if (sync) fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    renameOverBusy(temp, file, renameRetry);
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  if (sync) syncDirectory(path.dirname(file));
}
