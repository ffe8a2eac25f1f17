// The batch options of `provision`, typed once: several --file arguments (or directories),
// --batch NDJSON, --concurrency and --shard. Parsing only: the values are checked by the
// command (src/commands/provision.ts), so the parser stays light at start-up.
import type { Command } from "commander";
import { stringOption } from "../values.ts";

export interface BatchFlags {
  /** The --file when exactly one was given (a single provision keeps its behaviour). */
  file?: string;
  /** Every --file given, in order (files or directories). */
  files: string[];
  batch?: string;
  concurrency?: string;
  shard?: string;
}

/** Help shown after `provision --help`: how a batch reports, and the --json exception. */
export const BATCH_HELP = `
Batches (several --file, a directory, or --batch):
  Each instance is provisioned on its own, --concurrency at a time over one connection pool;
  one failure does not stop the others. At a terminal a progress bar is drawn on stderr.
  With --json, stdout is NDJSON: one line per instance as it finishes ({"type":"instance",...}),
  then one summary line ({"type":"summary",...}) -- the one exception to "one JSON document".
  Exit code: 0 only when every instance succeeded; else the most serious failure's code, in
  this order: 130 interrupted, 1 bug, 4 auth, 6 network, 5 platform refused, 3 invalid config.
  Re-run with --if-exists skip to resume; --shard i/n splits the batch between n CI jobs.
`;

/** Adds --batch, --concurrency and --shard to `command` (its --file is made repeatable by addInstanceOptions). */
export function addBatchOptions(command: Command): Command {
  return command
    .option("--batch <file.ndjson|->", "provision every instance of an NDJSON file (one instance.json object a line), or - for standard input")
    .option("--concurrency <n>", "instances provisioned at once in a batch (default 8)")
    .option("--shard <i/n>", "provision only this deterministic share of the batch, e.g. --shard 2/4 in a CI matrix of 4 jobs");
}

/** The batch flags out of commander's options (--file as a list, however many were given). */
export function readBatchFlags(options: Record<string, unknown>): BatchFlags {
  const file = options.file;
  const files = Array.isArray(file) ? file.filter((item): item is string => typeof item === "string") : typeof file === "string" ? [file] : [];
  return { file: files.length === 1 ? files[0] : undefined, files, batch: stringOption(options.batch), concurrency: stringOption(options.concurrency), shard: stringOption(options.shard) };
}

