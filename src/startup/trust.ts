// What the code cache accepts to read from and write into. A cache file is code that runs with
// the user's environment (their tokens, their CI's secrets), so the folders that hold it and the
// key that seals it are used only when they are the user's own: on POSIX, owned by this user,
// writable by no one else, and not a symbolic link (its target could be anyone's), as the store
// demands of the config dir (src/store/safe-file.ts). On Windows modes and owners mean nothing
// to Node (every file reads as 0666, owner 0), so only the no-link rule applies there; the seal
// (./seal.ts) is what protects a cache on every OS. Anything refused here means no cache: the
// program compiles as usual and says nothing.
import { chmodSync, closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, type Stats } from "node:fs";
import { isWindows } from "../os/host.ts";

/** Cache files larger than this are never read (V8's code of the whole program is about 1 MiB). */
export const MAX_CACHE_FILE_BYTES = 64 * 1024 * 1024;

/** On POSIX, owned by this user and writable by no other; on Windows always true (see above). */
export function ownedPrivately(stats: Stats): boolean {
  if (isWindows()) return true;
  return stats.uid === process.getuid?.() && (stats.mode & 0o022) === 0;
}

/** "absent" when nothing is at `dir`; "trusted" for a real directory of the user's own; else "untrusted". */
export function folderTrust(dir: string): "absent" | "trusted" | "untrusted" {
  let stats: Stats | undefined;
  try {
    stats = lstatSync(dir, { throwIfNoEntry: false });
  } catch {
    return "untrusted";
  }
  if (!stats) return "absent";
  return stats.isDirectory() && ownedPrivately(stats) ? "trusted" : "untrusted";
}

/** Makes `dir` (and its missing parents) 0700 where it is absent; true when it is then trusted. */
export function ensureTrustedFolder(dir: string): boolean {
  if (folderTrust(dir) === "absent") {
    try {
      const created = mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (created !== undefined) chmodSync(dir, 0o700); // whatever the umask
    } catch {
      return false;
    }
  }
  return folderTrust(dir) === "trusted";
}

/**
 * The bytes of `file` when it is a regular file of the user's own of at most `maxBytes`, else
 * undefined. Opened without following a link and without blocking (a FIFO planted in its place
 * would block the read forever, a link to /dev/zero would never end), then checked on the open
 * descriptor, so a swap between a check and the open changes nothing.
 */
export function readPrivateFile(file: string, maxBytes: number): Buffer | undefined {
  const { O_RDONLY, O_NOFOLLOW = 0, O_NONBLOCK = 0 } = constants; // the last two are undefined on Windows
  let fd: number;
  try {
    fd = openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > maxBytes || !ownedPrivately(stats)) return undefined;
    const bytes = Buffer.allocUnsafe(stats.size);
    let offset = 0;
    while (offset < bytes.length) {
      const read = readSync(fd, bytes, offset, bytes.length - offset, offset);
      if (read === 0) return undefined; // shorter than it said: being rewritten, or damaged
      offset += read;
    }
    return bytes;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
