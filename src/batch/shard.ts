// `--shard <i>/<n>`: a deterministic share of a batch, so that n CI jobs given the same input
// split it between them with no coordination. An instance belongs to the shard chosen by a
// hash of its name (of its source when it has no readable name), so the split does not
// depend on the order of the input, and each instance lands in exactly one shard.
import { UsageError } from "../errors.ts";

export interface Shard {
  /** 1-based, as people and CI matrices count: 1 to `count`. */
  index: number;
  count: number;
}

const SHARD = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/;

/** Parses `--shard 2/4`; anything else is a usage error that shows the form. */
export function parseShard(value: string): Shard {
  const match = SHARD.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(
      `--shard ${value} is not a shard: use <i>/<n> with 1 <= i <= n, e.g. --shard 2/4 for the second of four jobs.`,
      "In a CI matrix of n jobs, give job i --shard i/n: together they provision every instance exactly once.",
    );
  }
  return { index, count };
}

/** FNV-1a, 32 bits, over the UTF-16 code units: fast, stable across runs and machines. */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The 1-based shard that the instance keyed `key` belongs to, out of `count`. */
export function shardOf(key: string, count: number): number {
  return (hashKey(key) % count) + 1;
}

/** True when `key` belongs to `shard` (always, without a shard). */
export function inShard(key: string, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(key, shard.count) === shard.index;
}
