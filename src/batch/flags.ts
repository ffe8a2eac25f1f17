// The batch input of `provision`, as the command line gives it: several --file arguments (or
// directories), --batch NDJSON, --concurrency and --shard. The values are checked here, in
// batch/ (options.ts), so the parser stays light at start-up.

export interface BatchFlags {
  /** The --file when exactly one was given (a single provision keeps its behaviour). */
  file?: string;
  /** Every --file given, in order (files or directories). */
  files: string[];
  batch?: string;
  concurrency?: string;
  shard?: string;
}
