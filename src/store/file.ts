// store.json on disk: reads that never create anything, and read-modify-write cycles under the
// cross-process lock, each written complete and durable (durable-write.ts) with the directory
// at 0700 and the file at 0600. conf used to do the writing; its writer could rename a
// truncated file over the store on a full disk, so the file is now read and written here.
import fs from "node:fs";
import path from "node:path";
import { CliError, ConfigError } from "../errors.ts";
import { parseStoreText, STORE_VERSION, StoreShapeError, unusableStoreError } from "./document.ts";
import { tempPrefix, writeFileDurably } from "./durable-write.ts";
import { withLock, type LockOptions } from "./lock.ts";
import { checkConfigDir, readStoreText } from "./safe-file.ts";
import type { StoreDocument } from "./types.ts";

/** A temp file this old cannot belong to a write in progress, even one without the lock. */
const LEFTOVER_AGE_MS = 60_000;
/** What a write adds to the store, at most, for one instance: the probe is this much larger. */
const PROBE_MARGIN = 4096;

/** A failure of the file system, in words a user can act on. */
const CAUSES: Record<string, string> = {
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is exhausted",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  EEXIST: "it is not a directory",
  ENOTDIR: "it is not a directory",
  EISDIR: "it is a directory",
};

/** An error of the file system or of the file's content, said the way a user can act on. */
function explain(error: unknown, file: string, action: "read" | "write"): unknown {
  if (error instanceof StoreShapeError) return unusableStoreError(file, error);
  if (error instanceof CliError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code) return error;
  const where = (error as NodeJS.ErrnoException).path ?? file;
  const cause = CAUSES[code] ? `${CAUSES[code]} (${code})` : code;
  return new ConfigError(
    `Cannot ${action} the connector store ${file}: ${cause} on ${where}. ` +
      `Check that ${path.dirname(file)} is a directory that belongs to you, is writable and has free space (or set CONNECTOR_CONFIG_DIR); nothing was changed.`,
  );
}

export class StoreFile {
  readonly path: string;
  readonly lockPath: string;

  constructor(
    readonly dir: string,
    private readonly lockOptions: LockOptions = {},
  ) {
    this.path = path.join(dir, "store.json");
    this.lockPath = `${this.path}.lock`;
  }

  /** The document as it is on disk now; empty when there is none (nothing is created). */
  async read(): Promise<StoreDocument> {
    try {
      checkConfigDir(this.dir);
      return this.load();
    } catch (error) {
      throw explain(error, this.path, "read");
    }
  }

  /**
   * Runs `change` on the current document under the lock and writes the result when it
   * returns true. With `create: false` a missing store is left missing (returns false).
   */
  async update(change: (document: StoreDocument) => boolean, options: { create: boolean }): Promise<boolean> {
    try {
      if (!options.create && !fs.existsSync(this.path)) return false;
      this.ensureDirectory();
      return await withLock(this.lockPath, () => this.rewrite(change), this.lockOptions);
    } catch (error) {
      throw explain(error, this.path, "write");
    }
  }

  /**
   * Proves, before anything is created on the platform, that a write would succeed: takes
   * the lock briefly, writes a probe as large as the store will be and removes it. The lock
   * is never held across a network call, so this says nothing about later writers.
   */
  async probe(signal?: AbortSignal): Promise<void> {
    try {
      this.ensureDirectory();
      await withLock(this.lockPath, () => {
        this.load(); // a store that cannot be read cannot be rewritten either
        const size = fs.statSync(this.path, { throwIfNoEntry: false })?.size ?? 0;
        const probe = path.join(this.dir, `${path.basename(this.path)}.probe-${process.pid}`);
        try {
          // Space is claimed when written, so a full disk fails here; syncing a file about to go would only cost time.
          writeFileDurably(probe, Buffer.alloc(size + PROBE_MARGIN, " "), { sync: false });
        } finally {
          fs.rmSync(probe, { force: true });
        }
      }, { ...this.lockOptions, signal });
    } catch (error) {
      throw explain(error, this.path, "write");
    }
  }

  private load(): StoreDocument {
    const text = readStoreText(this.path);
    return text === undefined ? {} : parseStoreText(text);
  }

  private rewrite(change: (document: StoreDocument) => boolean): boolean {
    const document: StoreDocument = { version: STORE_VERSION, ...this.load() };
    if (!change(document)) return false;
    writeFileDurably(this.path, JSON.stringify(document, null, "\t") + "\n");
    this.removeLeftovers();
    return true;
  }

  /** Temp files of writers killed mid-write hold tokens too; under the lock none is in use. */
  private removeLeftovers(): void {
    const prefix = tempPrefix(this.path);
    for (const name of fs.readdirSync(this.dir)) {
      if (!name.startsWith(prefix)) continue;
      const leftover = path.join(this.dir, name);
      const stats = fs.lstatSync(leftover, { throwIfNoEntry: false });
      if (stats && Date.now() - stats.mtimeMs > LEFTOVER_AGE_MS) fs.rmSync(leftover, { force: true });
    }
  }

  /** Creates the directory 0700 (whatever the umask); an existing one must be safe to use. */
  private ensureDirectory(): void {
    const created = fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    if (created !== undefined) fs.chmodSync(this.dir, 0o700);
    checkConfigDir(this.dir);
  }
}
