// store.json on disk, through conf: reads that never create anything, and read-modify-write
// cycles under the cross-process lock, written atomically (conf writes through `atomically`:
// a temp file, fsync, then rename) with the directory at 0700 and the file at 0600.
import fs from "node:fs";
import path from "node:path";
import { CliError, ConfigError } from "../errors.ts";
import { parseStoreText, STORE_VERSION, StoreShapeError, unusableStoreError } from "./document.ts";
import { appendToJournal, foldedSeqOf, foldJournal, readJournal } from "./journal.ts";
import type { LockOptions } from "./lock.ts";
import type { InstanceRecord, StoreDocument } from "./types.ts";

type ConfClass = (typeof import("conf"))["default"];

/** A temp file this old cannot belong to a write in progress, even one without the lock. */
const LEFTOVER_AGE_MS = 60_000;

let confModule: Promise<ConfClass> | undefined;

/** conf is loaded by the first write only: reads parse the file themselves, in one call. */
function loadConf(): Promise<ConfClass> {
  confModule ??= import("conf").then((module) => module.default);
  return confModule;
}

/** An error of the file system or of the file's content, said the way a user can act on. */
function explain(error: unknown, file: string, action: "read" | "write"): unknown {
  if (error instanceof StoreShapeError) return unusableStoreError(file, error);
  if (error instanceof CliError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code) return error;
  const where = (error as NodeJS.ErrnoException).path ?? file;
  return new ConfigError(
    `Cannot ${action} the connector store ${file}: ${code} on ${where}. ` +
      `Check that ${path.dirname(file)} exists, belongs to you and is writable (or set CONNECTOR_CONFIG_DIR); nothing was changed.`,
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
      const journal = readJournal(this.journalPath);
      const document = this.readDocument();
      foldJournal(document, journal);
      return document;
    } catch (error) {
      throw explain(error, this.path, "read");
    }
  }

  /** store.json parsed and checked, in one read; empty when there is none. */
  private readDocument(): StoreDocument {
    let text: string;
    try {
      text = fs.readFileSync(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw error;
    }
    return parseStoreText(text);
  }

  /** Appends `records` to the journal under the lock; resolves once they are on disk (fsync). */
  async append(records: InstanceRecord[]): Promise<void> {
    let appended: ReturnType<typeof appendToJournal> | undefined;
    try {
      this.ensureDirectory();
      const { withLock } = await import("./lock.ts");
      appended = await withLock(this.lockPath, () => appendToJournal(this.journalPath, records, () => foldedSeqOf(this.readDocument())), this.lockOptions);
      // Outside the lock: other processes append meanwhile; an item is reported only after this.
      await new Promise<void>((resolve, reject) => fs.fsync(appended!.fd, (error) => (error ? reject(error) : resolve())));
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
    if (!options.create && !fs.existsSync(this.path) && !fs.existsSync(this.journalPath)) return false;
    const Conf = await loadConf();
    try {
      this.ensureDirectory();
      const { withLock } = await import("./lock.ts");
      return await withLock(this.lockPath, () => this.rewrite(Conf, change), this.lockOptions);
    } catch (error) {
      throw explain(error, this.path, "write");
    }
  }

  private rewrite(Conf: ConfClass, change: (document: StoreDocument) => boolean): boolean {
    const conf = this.open(Conf);
    const document: StoreDocument = { version: STORE_VERSION, ...(fs.existsSync(this.path) ? conf.store : {}) };
    // A journal left by a batch (running, finished or killed) is folded in by every write.
    const journal = readJournal(this.journalPath);
    const folded = foldJournal(document, journal);
    const changed = change(document);
    if (!changed && !folded) {
      if (journal.length > 0) fs.rmSync(this.journalPath, { force: true }); // all of it is in store.json already
      return false;
    }
    // conf writes in place, not atomically, when SNAP is set (a snap-packaged editor leaks it
    // into its terminals): hide it for this write, which is synchronous, so nothing else sees.
    const snap = process.env.SNAP;
    delete process.env.SNAP;
    try {
      conf.store = document;
    } finally {
      if (snap !== undefined) process.env.SNAP = snap;
    }
    // atomically chmods its temp file before the rename; make sure, whatever the platform.
    if ((fs.statSync(this.path).mode & 0o777) !== 0o600) fs.chmodSync(this.path, 0o600);
    // Only now that store.json holds its lines (and their numbers) may the journal go.
    if (journal.length > 0) fs.rmSync(this.journalPath, { force: true });
    this.removeLeftovers();
    return changed;
  }

  /** Temp files of writers killed mid-write hold tokens too; under the lock none is in use. */
  private removeLeftovers(): void {
    const prefix = `${path.basename(this.path)}.tmp-`;
    for (const name of fs.readdirSync(this.dir)) {
      if (!name.startsWith(prefix)) continue;
      const leftover = path.join(this.dir, name);
      const stats = fs.statSync(leftover, { throwIfNoEntry: false });
      if (stats && Date.now() - stats.mtimeMs > LEFTOVER_AGE_MS) fs.rmSync(leftover, { force: true });
    }
  }

  private conf: import("conf").default<StoreDocument> | undefined;

  /**
   * One Conf per store file and process: its constructor parses the file and deep-compares it
   * with the defaults, which a batch writing thousands of tokens must not pay on every write.
   * Every read through it still goes to the disk (conf's `store` getter reads the file).
   */
  private open(Conf: ConfClass): import("conf").default<StoreDocument> {
    this.conf ??= new Conf<StoreDocument>({
      cwd: this.dir,
      configName: "store",
      projectSuffix: "",
      configFileMode: 0o600,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      deserialize: parseStoreText,
    });
    return this.conf;
  }

  /** Creates the directory 0700 (whatever the umask); an existing one keeps its mode. */
  private ensureDirectory(): void {
    const created = fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    if (created !== undefined) fs.chmodSync(this.dir, 0o700);
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
