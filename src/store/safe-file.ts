// What the store accepts to read from, and where: a regular file of its own (never a symlink,
// as ssh refuses for its keys: its target would be read and chmod'ed; never a FIFO or device,
// which would block the read forever, deaf to signals), in a directory no other user can
// write to (they could swap store.json for a file of their own, with their own base URL).
import fs from "node:fs";
import { ConfigError } from "../errors.ts";
import { filesAreProtectedByModes } from "../os/file-protection.ts";

function refuse(message: string): ConfigError {
  return new ConfigError(message, [{ key: "store", problem: "invalid", message }]);
}

/**
 * Throws a ConfigError for a config directory that is not a directory or, where modes protect
 * files (not on Windows: src/os/file-protection.ts), is writable by others.
 */
export function checkConfigDir(dir: string, modesProtect: boolean = filesAreProtectedByModes()): void {
  const stats = fs.statSync(dir, { throwIfNoEntry: false });
  if (!stats) return;
  if (!stats.isDirectory()) {
    throw refuse(`The connector directory ${dir} is not a directory. Move it aside or set CONNECTOR_CONFIG_DIR to another place; nothing was changed.`);
  }
  if (!modesProtect) return;
  const mode = stats.mode & 0o777;
  if ((mode & 0o022) !== 0) {
    throw refuse(
      `The connector directory ${dir} is writable by other users (mode 0${mode.toString(8)}): anyone could replace the store of your tokens. ` +
        `Run: chmod 700 ${dir} (and check what is in it), then try again; nothing was changed.`,
    );
  }
}

function describeKind(stats: fs.Stats): string {
  if (stats.isSymbolicLink()) return "a symbolic link";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isDirectory()) return "a directory";
  if (stats.isSocket()) return "a socket";
  return "a device or special file";
}

function notRegular(file: string, stats: fs.Stats, what: string): ConfigError {
  return refuse(
    `The ${what} ${file} is ${describeKind(stats)}, not a regular file: connector refuses to follow or read it. ` +
      `Replace it with the real file (or move it aside to start an empty store); nothing was changed.`,
  );
}

/** The text of store.json, or undefined when there is none; see readRegularFile. */
export function readStoreText(file: string): string | undefined {
  return readRegularFile(file, "connector store");
}

/**
 * The text of `file` (`what` names it in errors), or undefined when there is none. The file is opened without
 * following a link and without blocking, then checked again on the open descriptor, so a
 * swap between the check and the open changes nothing. A leading byte order mark is dropped.
 */
export function readRegularFile(file: string, what: string): string | undefined {
  const seen = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!seen) return undefined;
  if (!seen.isFile()) throw notRegular(file, seen, what);
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ELOOP") throw notRegular(file, fs.lstatSync(file), what);
    throw error;
  }
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) throw notRegular(file, stats, what);
    const text = fs.readFileSync(fd, "utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } finally {
    fs.closeSync(fd);
  }
}
