// store.json on disk: reads that never create anything, and read-modify-write cycles under the
// cross-process lock, each written complete and durable (src/os/replace-file.ts) with the directory
// at 0700 and the file at 0600. conf used to do the writing; its writer could rename a
// truncated file over the store on a full disk, so the file is now read and written here.
// A batch appends its tokens to a journal instead (journal.ts), folded in by the next write.
import fs from "node:fs";
import path from "node:path";
import { CliError, ConfigError } from "../errors.ts";
import { parseStoreText, STORE_VERSION, StoreShapeError, unusableStoreError } from "./document.ts";
import { removeAsides, removeByRenaming } from "../os/deleted-names.ts";
import { replaceFile, tempPrefix } from "../os/replace-file.ts";
import { storeText } from "./serialize.ts";
import { appendToJournal, foldedSeqOf, foldJournal, readJournal } from "./journal.ts";
import type { LockOptions } from "./lock.ts";
import { checkConfigDir, readStoreText } from "./safe-file.ts";
import type { InstanceRecord, StoreDocument } from "./types.ts";

/** The lock module is loaded by the first write only: a read needs no lock. */
const loadLock = () => import("./lock.ts");

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
  readonly journalPath: string;

  constructor(
    readonly dir: string,
    private readonly lockOptions: LockOptions = {},
  ) {
    this.path = path.join(dir, "store.json");
    this.lockPath = `${this.path}.lock`;
    this.journalPath = path.join(dir, "store.journal");
  }

  /**
   * The document as it is on disk now, with the lines of a batch's journal not yet folded into
   * it; empty when there is none (nothing is created). The journal is read first: a fold that
   * happens in between has put its lines into the store.json read next.
   */
  async read(): Promise<StoreDocument> {
    try {
      checkConfigDir(this.dir);
      const journal = readJournal(this.journalPath);
      const document = this.load();
      foldJournal(document, journal);
      return document;
    } catch (error) {
      throw explain(error, this.path, "read");
    }
  }

  /** Appends `records` to the journal under the lock; resolves once they are on disk (fsync). */
  async append(records: InstanceRecord[]): Promise<void> {
    let appended: ReturnType<typeof appendToJournal> | undefined;
    try {
      this.ensureDirectory();
      const { withLock } = await loadLock();
      appended = await withLock(this.lockPath, () => appendToJournal(this.journalPath, records, () => foldedSeqOf(this.load())), this.lockOptions);
      // Outside the lock: other processes append meanwhile; an item is reported only after this.
      const fd = appended.fd;
      await new Promise<void>((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve())));
      if (appended.created) syncDirectory(this.dir);
    } catch (error) {
      throw explain(error, this.journalPath, "write");
    } finally {
      if (appended) fs.closeSync(appended.fd);
    }
  }

  /**
   * Runs `change` on the current document under the lock and writes the result when it
   * returns true. With `create: false` a missing store is left missing (returns false).
   */
  async update(change: (document: StoreDocument) => boolean, options: { create: boolean }): Promise<boolean> {
    try {
      if (!options.create && !fs.existsSync(this.path) && !fs.existsSync(this.journalPath)) return false;
      this.ensureDirectory();
      const { withLock } = await loadLock();
      return await withLock(this.lockPath, () => this.rewrite(change), this.lockOptions);
    } catch (error) {
      throw explain(error, this.path, "write");
    }
  }

  /**
   * Proves, before anything is created on the platform, that a write would succeed: takes
   * the lock briefly, writes a probe as large as the store will be and removes it, then
   * replaces store.json with its own content, the very rename the real write will make (on
   * Windows a store.json another process holds open refuses it: better now than after the
   * create). The lock is never held across a network call, so this says nothing about later writers.
   */
  async probe(signal?: AbortSignal): Promise<void> {
    try {
      this.ensureDirectory();
      const { withLock } = await loadLock();
      await withLock(
        this.lockPath,
        () => {
          const text = readStoreText(this.path);
          if (text !== undefined) parseStoreText(text); // a store that cannot be read cannot be rewritten either
          const probe = path.join(this.dir, `${path.basename(this.path)}.probe-${process.pid}`);
          try {
            // Space is claimed when written, so a full disk fails here; syncing a file about to go would only cost time.
            replaceFile(probe, Buffer.alloc(Buffer.byteLength(text ?? "") + PROBE_MARGIN, " "), { sync: false });
          } finally {
            fs.rmSync(probe, { force: true });
          }
          // Durable like every write of the store: an unsynced rename could leave it empty after a power cut.
          if (text !== undefined) replaceFile(this.path, text);
        },
        { ...this.lockOptions, signal },
      );
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
    // A journal left by a batch (running, finished or killed) is folded in by every write.
    const journal = readJournal(this.journalPath);
    const folded = foldJournal(document, journal);
    const changed = change(document);
    if (!changed && !folded) {
      if (journal.length > 0) this.removeJournal(); // all of it is in store.json already
      return false;
    }
    replaceFile(this.path, storeText(document));
    // Only now that store.json holds its lines (and their numbers), durably, may the journal go.
    if (journal.length > 0) this.removeJournal();
    this.removeLeftovers();
    return changed;
  }

  /**
   * Removes the folded journal, renamed first (src/os/deleted-names.ts): on Windows a file removed
   * by its name keeps it while another process still has it open, and the next append would
   * open that dying file. A journal that cannot go is harmless: store.json holds its numbers.
   */
  private removeJournal(): void {
    try {
      removeByRenaming(this.journalPath);
      removeAsides(this.journalPath);
    } catch {
      // Left in place: every line of it is at or below store.json's journalSeq, so it is read as folded.
    }
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

/** Makes a new file's directory entry durable (where the platform allows opening a directory). */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch {
    // Not supported here (e.g. Windows): the file's own fsync is what can be done.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
