// The batch journal, store.journal beside store.json: a batch appends the records it stores
// there, one JSON line each, under the store's lock and fsync'd before an item is reported,
// instead of rewriting the whole store.json for every group of tokens. Every line carries a
// sequence number; store.json remembers the highest one it holds (journalSeq). Folding the
// journal into store.json (at the end of a batch, and by any write that finds one, e.g. after
// a crash) applies the lines above that number, writes store.json, then removes the journal:
// a crash between the two leaves lines store.json already holds, which the number tells apart.
import fs from "node:fs";
import { registerSecret } from "../secrets.ts";
import { describeInstanceProblem, StoreShapeError } from "./document.ts";
import { upsertInstances } from "./records.ts";
import type { InstanceRecord, StoreDocument } from "./types.ts";

const JOURNAL_CHUNK_BYTES = 1 << 16;

export interface JournalEntry {
  seq: number;
  instance: InstanceRecord;
}

/** The highest sequence number store.json holds (0 before any journal was folded into it). */
export function foldedSeqOf(document: StoreDocument): number {
  return Number.isSafeInteger(document.journalSeq) ? (document.journalSeq as number) : 0;
}

function parseLine(line: string, number: number): JournalEntry {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    // The parser's message would quote the line and its token: never show it.
    throw new StoreShapeError(`its journal (store.journal) line ${number} is not valid JSON`, "move store.journal aside only after copying the tokens it holds");
  }
  const entry = value as Partial<JournalEntry> | null;
  const problem = typeof entry !== "object" || entry === null || !Number.isSafeInteger(entry.seq) ? "has no sequence number" : describeInstanceProblem(entry.instance, "instance");
  if (problem) throw new StoreShapeError(`its journal (store.journal) line ${number} ${problem}`, "move store.journal aside only after copying the tokens it holds");
  registerSecret((entry as JournalEntry).instance.token);
  return entry as JournalEntry;
}

/**
 * Every complete line of the journal at `file` ([] when there is none). A last line without
 * its newline is an append cut short by a crash: it was never reported as stored, so it is no entry.
 */
export function readJournal(file: string): JournalEntry[] {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  // A chunk at a time, line by line: a batch's journal runs to megabytes, and its bytes whole
  // would be held beside the store being rewritten at the end of the batch, its peak of memory.
  const entries: JournalEntry[] = [];
  try {
    const chunk = Buffer.allocUnsafe(JOURNAL_CHUNK_BYTES);
    let carried = Buffer.alloc(0); // the start of a line the last chunk cut
    for (let read = fs.readSync(fd, chunk); read > 0; read = fs.readSync(fd, chunk)) {
      const bytes = carried.length > 0 ? Buffer.concat([carried, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let start = 0;
      for (let end = bytes.indexOf(0x0a); end !== -1; start = end + 1, end = bytes.indexOf(0x0a, start)) {
        entries.push(parseLine(bytes.toString("utf8", start, end), entries.length + 1));
      }
      carried = Buffer.from(bytes.subarray(start)); // a copy: `chunk` is read into again
    }
  } finally {
    fs.closeSync(fd);
  }
  return entries;
}

/** Applies the entries `document` does not hold yet; true when it changed. */
export function foldJournal(document: StoreDocument, entries: JournalEntry[]): boolean {
  const folded = foldedSeqOf(document);
  const newer = entries.filter((entry) => entry.seq > folded);
  if (newer.length === 0) return false;
  upsertInstances(
    document,
    newer.map((entry) => entry.instance),
  );
  document.journalSeq = Math.max(folded, ...newer.map((entry) => entry.seq));
  return true;
}

/**
 * The last complete line's sequence number, cutting off a torn tail first; undefined when no
 * line is left. In bytes throughout: names and tags may hold any character, and an offset
 * counted in characters would cut the file inside a line.
 */
function lastSeq(fd: number, size: number): number | undefined {
  let tail = Buffer.alloc(0);
  let end = size;
  // Read back until the bytes hold a complete line before the (possibly torn) last one.
  while (end > 0) {
    const chunk = Buffer.alloc(Math.min(end, JOURNAL_CHUNK_BYTES));
    fs.readSync(fd, chunk, 0, chunk.length, end - chunk.length);
    tail = Buffer.concat([chunk, tail]);
    end -= chunk.length;
    const last = tail.lastIndexOf(0x0a);
    if (last !== -1 && ((last > 0 && tail.lastIndexOf(0x0a, last - 1) !== -1) || end === 0)) break;
  }
  const complete = tail.lastIndexOf(0x0a) + 1;
  if (end + complete < size) fs.ftruncateSync(fd, end + complete);
  if (complete === 0) return undefined;
  const start = complete >= 2 ? tail.lastIndexOf(0x0a, complete - 2) + 1 : 0;
  return parseLine(tail.toString("utf8", start, complete - 1), 0).seq;
}

export interface Appended {
  /** Still open: the caller fsyncs it (after the lock is released) and closes it. */
  fd: number;
  /** The file is new: its directory entry must be made durable too. */
  created: boolean;
}

/**
 * Appends `records` to the journal at `file`; the caller holds the store's lock. The numbers
 * continue the journal's own, or store.json's (`foldedSeq`, read only when the journal is new).
 */
export function appendToJournal(file: string, records: InstanceRecord[], foldedSeq: () => number): Appended {
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_APPEND, 0o600);
  try {
    const size = fs.fstatSync(fd).size;
    let seq = (size === 0 ? undefined : lastSeq(fd, size)) ?? foldedSeq();
    const text = records.map((instance) => `${JSON.stringify({ seq: ++seq, instance })}\n`).join("");
    const bytes = Buffer.from(text, "utf8");
    for (let written = 0; written < bytes.length;) written += fs.writeSync(fd, bytes, written);
    return { fd, created: size === 0 };
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}
