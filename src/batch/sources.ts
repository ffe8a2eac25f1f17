// Where the instances of a batch come from: several `--file` arguments, directories of *.json,
// and `--batch <file.ndjson|->` with one instance a line. Everything is read lazily, one item
// at a time as the workers ask for it, so memory does not grow with the size of the batch.
// A file or line that cannot be read is that item's failure, never the whole batch's.
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { ConfigError, InterruptedError, UsageError } from "../errors.ts";
import { MAX_INSTANCE_FILE_BYTES, readInstanceFile } from "../instance/document.ts";

/** One instance of the batch as read: its text, or why it could not be read. */
export interface RawItem {
  /** 1-based position in the input, across every source. */
  index: number;
  /** Where it came from, for messages: a path, or `batch.ndjson:17` (`stdin:17`). */
  source: string;
  text?: string;
  error?: unknown;
}

export interface BatchInput {
  /** Paths given with --file: files, or directories whose *.json files are read. */
  files: string[];
  /** --batch: an NDJSON file, or `-` for standard input. */
  batch?: string;
}

/** Refuses inputs that cannot work before anything is read or sent. */
export async function checkBatchInput(input: BatchInput): Promise<void> {
  if (input.files.includes("-")) {
    throw new UsageError("--file - (standard input) reads one instance; in a batch, stream instances with --batch - (one JSON object a line).");
  }
  if (input.batch !== undefined && input.batch !== "-") await requireReadable(input.batch, "--batch", "file");
}

/** Expands directories to their *.json files (sorted, dot-files left out); files stay as given. */
export async function listFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) {
      out.push(path);
      continue;
    }
    const names = (await readdir(path)).filter((name) => name.endsWith(".json") && !name.startsWith(".")).sort();
    if (names.length === 0)
      throw new ConfigError(`No *.json files in the directory ${path}: nothing to provision.`, [], "Pass a directory holding one instance.json per instance, or the files themselves with --file.");
    out.push(...names.map((name) => join(path, name)));
  }
  return out;
}

/** Every item of the input, files first, then the --batch lines, read as they are asked for; `signal` (Ctrl-C) ends a wait on stdin. */
export async function* readBatchItems(input: BatchInput, stdin: Readable, signal?: AbortSignal): AsyncGenerator<RawItem> {
  let index = 0;
  for (const path of await listFiles(input.files)) {
    index++;
    try {
      const { text, source } = await readInstanceFile(path, stdin, signal);
      yield { index, source, text };
    } catch (error) {
      yield { index, source: path, error };
    }
  }
  if (input.batch === undefined) return;
  const label = input.batch === "-" ? "stdin" : input.batch;
  const owned = input.batch !== "-";
  for await (const { line, number } of readLines(owned ? createReadStream(input.batch) : stdin, owned, signal)) {
    index++;
    const source = `${label}:${number}`;
    if (line === undefined) {
      const message = `${source} is longer than 10 MiB without a line break, far more than an instance holds; the rest of ${label} was not read. Check that --batch names an NDJSON file.`;
      yield { index, source, error: new ConfigError(message) };
    } else if (Buffer.byteLength(line) > MAX_INSTANCE_FILE_BYTES) {
      yield { index, source, error: new ConfigError(`${source} is longer than 10 MiB, far more than an instance holds. Check that --batch names an NDJSON file.`) };
    } else {
      yield { index, source, text: line };
    }
  }
}

/** How many items the input holds, when that is cheap to know (not for standard input). */
export async function countBatchItems(input: BatchInput): Promise<number | undefined> {
  if (input.batch === "-") return undefined;
  // A FIFO or a device read here would be read up (or forever) before the batch itself.
  if (input.batch !== undefined && !(await stat(input.batch).catch(() => undefined))?.isFile()) return undefined;
  let count = (await listFiles(input.files)).length;
  if (input.batch !== undefined) for await (const _ of readLines(createReadStream(input.batch), true)) count++;
  return count;
}

/**
 * The non-blank lines of a stream with their 1-based line numbers (a leading BOM dropped, CRLF
 * read as LF); an `owned` stream is closed after. A line still unfinished past the size limit
 * (`--batch /dev/zero`) comes as `line: undefined`, and reading stops there: memory stays bounded.
 */
async function* readLines(stream: Readable, owned: boolean, signal?: AbortSignal): AsyncGenerator<{ line?: string; number: number }> {
  const onAbort = () => stream.destroy(new InterruptedError("Interrupted while reading the batch."));
  signal?.addEventListener("abort", onAbort, { once: true });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 0;
  const finish = (): { line: string; number: number } => {
    const text = Buffer.concat(pending).toString("utf8");
    pending = [];
    pendingBytes = 0;
    number++;
    const line = (number === 1 ? text.replace(/^\uFEFF/, "") : text).replace(/\r$/, "");
    return { line, number };
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      let start = 0;
      for (let end = bytes.indexOf(10, start); end !== -1; end = bytes.indexOf(10, start)) {
        pending.push(bytes.subarray(start, end));
        const item = finish();
        if (item.line.trim() !== "") yield item;
        start = end + 1;
      }
      pending.push(bytes.subarray(start));
      pendingBytes += bytes.length - start;
      if (pendingBytes > MAX_INSTANCE_FILE_BYTES) {
        yield { number: number + 1 };
        return;
      }
    }
    if (pendingBytes > 0) {
      const item = finish();
      if (item.line.trim() !== "") yield item;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    if (owned || signal?.aborted) stream.destroy();
  }
}

async function requireReadable(path: string, flag: string, kind: string): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    const message = info.code === "ENOENT" ? `Missing ${flag} ${kind} ${path}: no such file.` : `Cannot read ${flag} ${path} (${info.code ?? info.message}).`;
    const problem = { key: "batch", problem: info.code === "ENOENT" ? ("missing" as const) : ("invalid" as const), message, flag };
    throw new ConfigError("Cannot read the batch; nothing was sent.", [problem], `Pass ${flag} the path of an NDJSON file (one instance.json object a line), or - for standard input.`);
  }
  if (info.isDirectory()) throw new UsageError(`${flag} ${path} is a directory.`, "Pass a directory with --file <dir> instead; --batch takes an NDJSON file.");
}
