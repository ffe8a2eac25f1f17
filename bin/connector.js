#!/usr/bin/env node
// The published entry, CommonJS on purpose (bin/package.json): Node runs it without starting
// its ES module loader, so a bare `--version`, and `--help` for the program or a command, are
// answered from the texts the build rendered (dist/help.json) before any ES module loads.
// Anything else loads the program, the bundle that `npm run build` (and `prepare`) writes.
"use strict";
const { readFileSync } = require("node:fs");
const { isAbsolute, join } = require("node:path");

const args = process.argv.slice(2);
const help = helpRequestOf(args);
const texts = (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) || help !== undefined ? JSON.parse(readFileSync(join(__dirname, "../dist/help.json"), "utf8")) : undefined;
if (texts && help === undefined) {
  process.stdout.write(`${texts.version}\n`);
} else if (texts && Object.hasOwn(texts.help, help)) {
  process.stdout.on("error", () => undefined); // `connector --help | head`: the reader left, fine
  process.stdout.write(texts.help[help]);
} else {
  enableCompileCache();
  import("../dist/cli.js")
    .then(({ main }) => main(args))
    .then((code) => {
      process.exitCode = code;
    });
}

/** "instances list" for `instances list --help` or `help instances list`; else undefined. */
function helpRequestOf(words) {
  const command = words[0] === "help" ? words.slice(1) : words.at(-1) === "--help" || words.at(-1) === "-h" ? words.slice(0, -1) : undefined;
  return command?.every((word) => /^[a-z][a-z-]*$/.test(word)) ? command.join(" ") : undefined;
}

/**
 * On Node >= 22.1 the program's compiled code is kept between runs, in CONNECTOR_CACHE_DIR or
 * $XDG_CACHE_HOME/connector (else ~/.cache/connector). It holds V8 code of dist/ only, never
 * a secret; a cache that cannot be written is skipped by Node, and NODE_DISABLE_COMPILE_CACHE=1
 * turns it off.
 */
function enableCompileCache() {
  const { enableCompileCache } = require("node:module");
  if (typeof enableCompileCache !== "function") return;
  const xdg = process.env.XDG_CACHE_HOME;
  const base = process.env.CONNECTOR_CACHE_DIR || join(xdg && isAbsolute(xdg) ? xdg : join(require("node:os").homedir(), ".cache"), "connector");
  try {
    enableCompileCache(join(base, "compile"));
  } catch {
    // A cache is an optimisation: without one the program runs as it would on Node 20.
  }
}
