// When `provision` is a batch, and the batch's options checked: a single --file keeps the
// single-instance command exactly as it was; several files, a directory, --batch or --shard
// make a batch. Kept small: the single-instance path loads this and nothing else of src/batch/.
import { statSync } from "node:fs";
import { UsageError } from "../errors.ts";
import type { BatchFlags } from "./flags.ts";
import type { IfExists } from "../provision/provision-one.ts";
import type { InstanceFlags } from "../instance/flags.ts";
import type { BatchOptions } from "./run-batch.ts";
import { parseShard } from "./shard.ts";

export const DEFAULT_CONCURRENCY = 8;
const MAX_CONCURRENCY = 256;

/** What `provision` receives that matters here. */
export interface BatchRequest extends InstanceFlags, Partial<BatchFlags> {
  dryRun: boolean;
  ifExists: IfExists;
  showToken: boolean;
  githubOutput?: boolean;
  verify?: boolean;
  testTo?: string;
  wait?: boolean;
}

/** True when the options ask for a batch rather than one instance. */
export function wantsBatch(flags: Partial<BatchFlags>): boolean {
  if (flags.batch !== undefined || flags.shard !== undefined || (flags.files?.length ?? 0) > 1) return true;
  const only = flags.files?.[0];
  return only !== undefined && only !== "-" && statSync(only, { throwIfNoEntry: false })?.isDirectory() === true;
}

/** Checks and converts the options of a batch; a bad value is a usage error naming its flag. */
export function toBatchOptions(request: BatchRequest): BatchOptions {
  if (request.verify || request.testTo !== undefined || request.wait) {
    throw new UsageError(
      `${request.verify ? "--verify" : request.testTo !== undefined ? "--test-to" : "--wait"} checks one instance; it is not available for a batch.`,
      "Run connector verify --file <file> for the instances you want to check, then provision the batch.",
    );
  }
  return {
    ...request,
    files: request.files ?? [],
    batch: request.batch,
    concurrency: parseConcurrency(request.concurrency),
    shard: request.shard === undefined ? undefined : parseShard(request.shard),
  };
}

/** `--concurrency <n>`: a whole number from 1 to 256; default 8. */
export function parseConcurrency(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CONCURRENCY;
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > MAX_CONCURRENCY) {
    throw new UsageError(`--concurrency ${value} is not a number of instances from 1 to ${MAX_CONCURRENCY}.`, `For example: --concurrency 16 (default ${DEFAULT_CONCURRENCY}).`);
  }
  return n;
}
