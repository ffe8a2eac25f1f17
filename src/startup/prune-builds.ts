// Caches of other builds stay: a global install and a project's own (or two Node versions, or
// a CI image's cache and a developer's) each keep theirs, instead of deleting each other's on
// every switch. A build folder is removed only when it has not been used for 30 days (the
// loader touches the folder it uses at most once a day), and at most 8 are kept, the most
// recently used first.
import { lstatSync, readdirSync, rmSync, utimesSync } from "node:fs";
import { join } from "node:path";

const UNUSED_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_BUILDS = 8;
/**
 * `v20.20.2-x64-4120707278-0123456789abcdef` (or, from the loader before it, without the flags'
 * tag): only folders a loader of connector made are ever removed.
 */
const BUILD_FOLDER = /^v\d+\.\d+\.\d+[\w.-]*-[a-z0-9]+-(\d+-)?[0-9a-f]{16}$/;

/** Removes the build folders of `codeDir` other than `current` that are unused or too many; quietly. */
export function pruneOtherBuilds(codeDir: string, current: string, now: number = Date.now()): void {
  try {
    const others = readdirSync(codeDir)
      .filter((name) => name !== current && BUILD_FOLDER.test(name))
      .map((name) => ({ name, stats: lstatSync(join(codeDir, name)) }))
      .filter(({ stats }) => stats.isDirectory())
      .sort((a, b) => b.stats.mtimeMs - a.stats.mtimeMs);
    others.forEach(({ name, stats }, index) => {
      if (now - stats.mtimeMs > UNUSED_MS || index >= MAX_BUILDS - 1) rmSync(join(codeDir, name), { recursive: true, force: true });
    });
  } catch {
    // a folder that cannot be listed or removed only takes room
  }
}

/** Marks `folder` as used now, at most once a day (a write per run would cost more than it tells). */
export function touchIfStale(folder: string, mtimeMs: number, now: number = Date.now()): void {
  if (now - mtimeMs < 24 * 60 * 60 * 1000) return;
  try {
    const seconds = now / 1000;
    utimesSync(folder, seconds, seconds);
  } catch {
    // only the age of the folder is wrong
  }
}
