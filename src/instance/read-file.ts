// Reading the bytes of an instance.json from `--file <path>` or `-` (stdin), with every
// way that can go wrong turned into a ConfigError that names the path and the next step.
import { closeSync, constants, fstatSync, openSync, readFileSync } from "node:fs";
import { ConfigError, InterruptedError } from "../errors.ts";
import type { Problem } from "../errors.ts";

/** An instance.json is a few hundred bytes; anything past this is the wrong file. */
export const MAX_INSTANCE_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Reads `--file <path>` or `-` (stdin) as UTF-8 text; refuses missing, unreadable, huge or binary
 * input clearly. `signal` (Ctrl-C) ends a wait on standard input at once.
 */
export async function readInstanceFile(path: string, stdin: NodeJS.ReadableStream | (() => NodeJS.ReadableStream), signal?: AbortSignal): Promise<{ text: string; source: string }> {
  const source = path === "-" ? "stdin" : path;
  // `stdin` may be given as a function, so that reading a file never makes process.stdin.
  const bytes = path === "-" ? await readUntilAborted(typeof stdin === "function" ? stdin() : stdin, source, signal) : await readPath(path);
  return { text: decodeText(bytes, source), source };
}

/** Standard input may never end (a terminal, a pipe left open): Ctrl-C stops the wait. */
async function readUntilAborted(stream: NodeJS.ReadableStream, source: string, signal: AbortSignal | undefined): Promise<Buffer> {
  if (!signal) return readLimited(stream, source);
  if (signal.aborted) throw new InterruptedError("Interrupted while reading standard input.");
  let onAbort = () => undefined as void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      reject(new InterruptedError("Interrupted while reading standard input."));
      (stream as { destroy?: () => void }).destroy?.(); // an open stdin would keep the process alive
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
  const reading = readLimited(stream, source);
  reading.catch(() => undefined); // its end after an interruption concerns no one
  try {
    return await Promise.race([reading, aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/**
 * Reads a file synchronously: one small file is read at once, and an asynchronous open would
 * start libuv's thread pool (a few milliseconds of every validate and provision) just for it.
 */
async function readPath(path: string): Promise<Buffer> {
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; anything but a regular file is refused below.
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stat = fstatSync(fd);
      if (stat.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
      if (!stat.isFile()) throw Object.assign(new Error("not a regular file"), { code: "ENOTREG" });
      if (stat.size > MAX_INSTANCE_FILE_BYTES) refuseTooLarge(path);
      // A regular file is read in one call.
      const bytes = readFileSync(fd);
      if (bytes.length > MAX_INSTANCE_FILE_BYTES) refuseTooLarge(path); // it grew meanwhile
      return bytes;
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw describeFileError(error, path);
  }
}

/** Reads a stream to its end, stopping as soon as it passes the size limit. */
async function readLimited(stream: NodeJS.ReadableStream, source: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk);
    total += buffer.length;
    if (total > MAX_INSTANCE_FILE_BYTES) refuseTooLarge(source);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** UTF-8 text without its byte-order mark; binary data and other encodings are refused. */
function decodeText(bytes: Buffer, source: string): string {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) refuse(`${source} is encoded as UTF-16. Save it as UTF-8 and try again.`);
  if (bytes.includes(0)) refuse(`${source} is not a text file (it holds binary data). Pass the path of your instance.json with --file.`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return refuse(`${source} is not valid UTF-8 text. Save it as UTF-8 and try again.`);
  }
}

/** The ConfigError for a failed open or read, by its system error code. */
function describeFileError(error: unknown, path: string): ConfigError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") {
    const message = `Missing instance file ${path}: no such file. Pass --file with the path of your instance.json, or write one with connector init.`;
    return fileError({ key: "file", problem: "missing", message, flag: "--file" });
  }
  const reasons: Record<string, string> = {
    EISDIR: `Cannot read ${path}: it is a directory. Pass the path of a JSON file with --file.`,
    EACCES: `Cannot read ${path}: permission denied. Check the file's permissions, or run as its owner.`,
    EPERM: `Cannot read ${path}: operation not permitted. Check the file's permissions.`,
    ENOTREG: `Cannot read ${path}: it is not a regular file (a FIFO, socket or device). Pass an instance.json file with --file, or - for standard input.`,
  };
  const message = (code && reasons[code]) ?? `Cannot read ${path}${code ? ` (${code})` : ""}. Check the path given to --file.`;
  return fileError({ key: "file", problem: "invalid", message, flag: "--file" });
}

function refuseTooLarge(source: string): never {
  return refuse(`${source} is larger than 10 MiB, far more than an instance.json holds. Check that --file names the right file.`);
}

function refuse(message: string): never {
  throw fileError({ key: "file", problem: "invalid", message, flag: "--file" });
}

function fileError(problem: Problem): ConfigError {
  return new ConfigError(problem.message, [problem]);
}
