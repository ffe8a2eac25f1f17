// Loads the program (dist/connector.cjs) with V8's code cache, on every Node version: the first
// run of a command compiles what it uses and keeps V8's compiled code; later runs of that
// command use it instead of compiling again (on Node 20 that is most of what a run costs beyond
// `node -e 0`). Node's own module.enableCompileCache() exists only from Node 22.1, so this does
// the same for one script, as the `v8-compile-cache` package long did for require().
//
// The cache holds V8 code for the bundle's source only, never a value of a run (no secret). It
// lives in CONNECTOR_CACHE_DIR, else $XDG_CACHE_HOME/connector, else ~/.cache/connector, in
// code/<node version>-<arch>-<build id>/: V8 checks only a source's length before using cached
// code, so the build id (a hash of the bundle, written into its first line by the build) makes
// sure a cache is never used with another bundle. Anything wrong with the cache (missing,
// unreadable, rejected by V8, not writable) means the program is compiled as usual, silently.
// NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does Node's.
"use strict";
const fs = require("node:fs");
const { dirname, isAbsolute, join } = require("node:path");
const { Script } = require("node:vm");
const Module = require("node:module");
const v8 = require("node:v8");

/** Runs the bundle's module code and returns its exports, using and refreshing the cache for `command`. */
function loadWithCodeCache(bundlePath, command, env) {
  const source = fs.readFileSync(bundlePath, "utf8");
  const cacheFile = cacheFileOf(source, command, env);
  const cachedData = cacheFile && readOrUndefined(cacheFile);
  const script = new Script(Module.wrap(source), { filename: bundlePath, cachedData });
  const module = { exports: {}, filename: bundlePath, id: bundlePath, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  module.loaded = true;
  const fresh = cachedData === undefined || script.cachedDataRejected === true;
  // V8 keys cached code by its flags too. A run that changes one (a batch sizes the heap) would
  // write a cache every later run rejects, so such a run keeps the cache it found.
  const flags = v8.cachedDataVersionTag();
  return {
    exports: module.exports,
    // After the command ran, so the cache holds the functions it compiled, not only the top level.
    save: () => {
      if (cacheFile && fresh && v8.cachedDataVersionTag() === flags) writeQuietly(cacheFile, script.createCachedData());
    },
  };
}

/** The cache file for this bundle, Node and command, or undefined when the cache is off. */
function cacheFileOf(source, command, env) {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const buildId = /^\/\/ connector build ([0-9a-f]+)\n/.exec(source)?.[1];
  if (!buildId) return undefined;
  const xdg = env.XDG_CACHE_HOME;
  const base = env.CONNECTOR_CACHE_DIR || join(xdg && isAbsolute(xdg) ? xdg : join(require("node:os").homedir(), ".cache"), "connector");
  const name = /^[a-z][a-z-]{0,30}$/.test(command ?? "") ? command : "other";
  return join(base, "code", `${process.version}-${process.arch}-${buildId}`, `${name}.bin`);
}

function readOrUndefined(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (a temporary file renamed into place); a failure is only a slower next run. */
function writeQuietly(file, data) {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(temporary, data, { mode: 0o600 });
    fs.renameSync(temporary, file);
    forgetOtherBuilds(dirname(file));
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // nothing more to do: the next run compiles as usual
    }
  }
}

/** Removes this Node's caches of other builds (an upgrade leaves them behind); other Nodes' stay. */
function forgetOtherBuilds(current) {
  const prefix = `${process.version}-${process.arch}-`;
  const parent = dirname(current);
  for (const name of fs.readdirSync(parent)) {
    if (name.startsWith(prefix) && join(parent, name) !== current) fs.rmSync(join(parent, name), { recursive: true, force: true });
  }
}

module.exports = { loadWithCodeCache };
