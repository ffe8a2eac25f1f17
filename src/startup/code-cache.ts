// Loads the program (dist/connector.cjs) with V8's code cache, on every Node version: the first
// run of a command compiles what it uses and keeps V8's compiled code; later runs of that
// command use it instead of compiling again (on Node 20 that is most of what a run costs beyond
// `node -e 0`). Node's own module.enableCompileCache() exists only from Node 22.1, so this does
// the same for our own scripts, as the `v8-compile-cache` package long did for require(). The
// build bundles this file alone into dist/code-cache.cjs, which bin/connector.js requires before
// anything else: it imports only src/os/ and ./ (no store, no parser), so it costs little.
//
// A cache file is code that runs with the user's environment, and V8 checks only a header of it
// (a version, the flags, the source's length), so it is trusted only as far as docs/reliability.md
// says: in the cache folder of src/os/folders.ts, under code/<node>-<arch>-<V8 flags tag>-<build
// id>/<name>.bin; every folder on that path the user's own (./trust.ts); read only when it is a
// regular file of bounded size; and used only when its seal (./seal.ts) matches. Anything else,
// or anything wrong (a missing or damaged file, a folder that cannot be made), means the program
// is compiled as usual, silently, and a file that was discarded is written again.
// NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does Node's.
import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { cachedDataVersionTag } from "node:v8";
import { Script } from "node:vm";
import { resolveCacheDir, resolveConfigDir } from "../os/folders.ts";
import { replaceFile } from "../os/replace-file.ts";
import { pruneOtherBuilds, touchIfStale } from "./prune-builds.ts";
import { openSealed, readKey, readOrMakeKey, seal, type Opened } from "./seal.ts";
import { ensureTrustedFolder, folderTrust, MAX_CACHE_FILE_BYTES, readPrivateFile } from "./trust.ts";

type Env = Record<string, string | undefined>;

/** Where one script's cache goes, and whether the folders on the way may be used at all. */
interface Place {
  codeDir: string;
  folderName: string;
  file: string;
  /** What the seal binds a file to: its build folder and name, so a file is valid only where it was made. */
  label: string;
  stateDir: string;
  dirs: string[];
}

/** The environment of the CLI's run, once bin/connector.js has loaded the program; parts then use the cache too. */
let session: Env | undefined;
const saves: ((exitCode: number) => void)[] = [];

/** Runs the bundle's module code and returns its exports; `save` then keeps what this run compiled. */
export function loadWithCodeCache(bundlePath: string, command: string | undefined, env: Env, require: NodeJS.Require): { exports: Record<string, unknown>; save: (exitCode: number) => void } {
  session = env;
  const name = /^[a-z][a-z-]{0,30}$/.test(command ?? "") ? (command as string) : "other";
  const exports = runScript(bundlePath, name, require, env);
  // After the command ran, so each cache holds the functions it compiled, not only the top level.
  return { exports, save: (exitCode) => saves.splice(0).forEach((save) => save(exitCode)) };
}

/**
 * Runs a part of the package that only one command needs (dist/emulator.cjs), with its own code
 * cache when the CLI loaded the program. `provided` answers the part's require() of modules it
 * shares with the program (the error classes: one class, so `instanceof` holds across both);
 * `require` (the program's) any other.
 */
export function loadPart(partPath: string, name: string, provided: Record<string, unknown>, require: NodeJS.Require): Record<string, unknown> {
  const partRequire = Object.assign((id: string) => (Object.hasOwn(provided, id) ? provided[id] : require(id)), require);
  return runScript(partPath, `part.${name}`, partRequire, session);
}

// Node's own CommonJS wrapper (Module.wrap), spelled here so that node:module, a few milliseconds
// to load, is not needed: the scripts are bundles whose require() is given by the caller.
const WRAP_START = "(function (exports, require, module, __filename, __dirname) { ";
const WRAP_END = "\n});";

function runScript(file: string, name: string, require: NodeJS.Require, env: Env | undefined): Record<string, unknown> {
  const source = readFileSync(file, "utf8");
  const place = env === undefined ? undefined : placeOf(source, name, env);
  const usable = place !== undefined && place.dirs.every((dir) => folderTrust(dir) !== "untrusted");
  const found = usable ? readSealed(place) : undefined;
  const script = new Script(WRAP_START + source + WRAP_END, { filename: file, cachedData: found?.payload });
  const module = { exports: {} as Record<string, unknown>, filename: file, id: file, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, require, module, file, dirname(file));
  module.loaded = true;
  if (usable) {
    const accepted = found !== undefined && script.cachedDataRejected !== true;
    // V8 keys cached code by its flags: a run whose flags changed on the way would write a file
    // that every later run rejects, so it keeps the one it found.
    const tag = cachedDataVersionTag();
    saves.push((exitCode) => {
      // The first run's file is kept, unless it was discarded or rejected, or it came from a
      // failed run (which compiled only part of its command) and this one succeeded.
      const refresh = !accepted || (!found.madeBySuccess && exitCode === 0);
      if (!refresh) markUsed(place);
      else if (cachedDataVersionTag() === tag) write(place, script.createCachedData(), exitCode === 0);
    });
  }
  return module.exports;
}

/** The place of this script's cache, or undefined when the cache is off or the script has no build id. */
function placeOf(source: string, name: string, env: Env): Place | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const buildId = /^\/\/ connector build ([0-9a-f]{16})\n/.exec(source)?.[1];
  if (!buildId) return undefined;
  const base = resolveCacheDir(env);
  const codeDir = join(base, "code");
  // The flags' tag too: runs under other NODE_OPTIONS keep a cache each instead of rewriting one.
  const folderName = `${process.version}-${process.arch}-${cachedDataVersionTag()}-${buildId}`;
  const folder = join(codeDir, folderName);
  return { codeDir, folderName, file: join(folder, `${name}.bin`), label: `${folderName}/${name}.bin`, stateDir: resolveConfigDir(env), dirs: [base, codeDir, folder] };
}

function readSealed(place: Place): Opened | undefined {
  const bytes = readPrivateFile(place.file, MAX_CACHE_FILE_BYTES);
  if (bytes === undefined) return undefined;
  const key = readKey(place.stateDir);
  return key && openSealed(bytes, place.label, key);
}

function markUsed(place: Place): void {
  const folder = dirname(place.file);
  const stats = statSync(folder, { throwIfNoEntry: false });
  if (stats) touchIfStale(folder, stats.mtimeMs);
}

/** Written whole or not at all (src/os/replace-file.ts); a failure is only a slower next run. */
function write(place: Place, payload: Buffer, madeBySuccess: boolean): void {
  try {
    if (!place.dirs.every(ensureTrustedFolder)) return;
    const key = readOrMakeKey(place.stateDir);
    if (!key) return;
    // No fsync: a cache lost in a power cut is compiled again, and a torn one fails its seal.
    replaceFile(place.file, seal(payload, place.label, key, madeBySuccess), { mode: 0o600, sync: false });
    pruneOtherBuilds(place.codeDir, place.folderName);
  } catch {
    // nothing more to do: the next run compiles as usual
  }
}
