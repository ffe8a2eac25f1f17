// Removing a file, the way its name is freed at once on every OS. On Windows a deleted file
// keeps its name until the last handle on it closes ("delete pending": another connector
// fsyncing its journal, a reader, a virus scan): meanwhile opening or creating that name fails
// with EPERM where POSIX answers ENOENT or EEXIST, and a record written into it then would go
// with it. So a file whose name is used again (the store's journal) is renamed to a unique
// name first and removed under that name, which nobody ever opens again; and a name found
// "delete pending" is treated as what it is: still taken, soon free.
import fs from "node:fs";
import path from "node:path";
import { randomHex } from "../random.ts";
import { hostOs, type HostOs } from "./host.ts";
import { renameOverBusy } from "./replace-file.ts";

/** True when `error`, from opening or creating a name, means the file there is being deleted (Windows' EPERM). */
export function isDeletePending(error: unknown, osName: HostOs = hostOs()): boolean {
  return osName === "windows" && (error as NodeJS.ErrnoException | undefined)?.code === "EPERM";
}

/** The infix of the names files are renamed to before they are removed (a crash may leave one). */
export const ASIDE_INFIX = ".removed-";

/**
 * Frees the name `file` at once (a rename to a unique name beside it) and then removes the
 * file. False when there was nothing to remove. A file renamed but not removed (busy, or a
 * crash) is left under its aside name for removeAsides.
 */
export function removeByRenaming(file: string): boolean {
  const aside = `${file}${ASIDE_INFIX}${process.pid}-${randomHex(4)}`;
  try {
    renameOverBusy(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
  removeQuietly(aside);
  return true;
}

/** Removes what removeByRenaming left of `file` (crashed or busy removals). */
export function removeAsides(file: string): void {
  const prefix = `${path.basename(file)}${ASIDE_INFIX}`;
  for (const name of fs.readdirSync(path.dirname(file))) if (name.startsWith(prefix)) removeQuietly(path.join(path.dirname(file), name));
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Busy on Windows: its name is unique and nobody opens it; the next removeAsides takes it.
  }
}
