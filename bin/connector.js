#!/usr/bin/env node
// The published entry, CommonJS on purpose (bin/package.json), as the program is: Node runs both
// without starting its ES module loader. A bare `--version`, and `--help` for the program or a
// command, are answered from the texts the build rendered (dist/help.json) without loading the
// program. Anything else sets the V8 flags of its command, then loads the program, the bundle
// that `npm run build` (and `prepare`) writes, with V8's code cache (dist/code-cache.cjs, from
// src/startup/code-cache.ts).
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const args = process.argv.slice(2);
const help = helpRequestOf(args);
const texts = (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) || help !== undefined ? JSON.parse(readFileSync(join(__dirname, "../dist/help.json"), "utf8")) : undefined;
if (texts && help === undefined) {
  process.stdout.write(`${texts.version}\n`);
} else if (texts && Object.hasOwn(texts.help, help)) {
  process.stdout.on("error", () => undefined); // `connector --help | head`: the reader left, fine
  process.stdout.write(texts.help[help]);
} else {
  // Set here, before the code cache is read, and only here: V8 keys cached code by its flags, and
  // the library (the same bundle, in someone else's process) must never change its host's flags.
  const v8 = require("node:v8");
  for (const flag of v8FlagsOf(args)) v8.setFlagsFromString(flag);
  const { loadWithCodeCache } = require("../dist/code-cache.cjs");
  // One cache per command (a global option first counts as "other"): each holds what its command compiled.
  const program = loadWithCodeCache(join(__dirname, "../dist/connector.cjs"), args[0]?.startsWith("-") ? undefined : args[0], process.env, require);
  program.exports.main(args).then((code) => {
    process.exitCode = code;
    program.save(code);
  });
}

/**
 * V8's flags for a run of `words`. Every command: V8's baseline WebAssembly compiler only. undici
 * parses HTTP with llhttp compiled to WebAssembly; V8 would recompile it with its optimizing tier
 * on a background thread, and Node waits for that before it exits: 60 to 300 ms and 35 MiB added
 * to every network command, for parsing a few small answers. `provision`, whose batches allocate
 * at a steady rate for as long as they run: V8's defaults answer that by growing the heap up to
 * three times what is live (a 10,000-instance batch peaked above 200 MiB with 15 MiB live);
 * keeping the young generation at its starting size and the old one within 20 % of what is live
 * holds it near 100 MiB, for a few percent of CPU (bench/). "provision" anywhere on the line, so
 * a batch behind a global option gets them too; they cost a single provision nothing.
 */
function v8FlagsOf(words) {
  const flags = ["--liftoff-only"];
  if (words.includes("provision")) flags.push("--semi-space-growth-factor=1", "--heap-growing-percent=20");
  return flags;
}

/** "instances list" for `instances list --help` or `help instances list`; else undefined. */
function helpRequestOf(words) {
  const command = words[0] === "help" ? words.slice(1) : words.at(-1) === "--help" || words.at(-1) === "-h" ? words.slice(0, -1) : undefined;
  return command?.every((word) => /^[a-z][a-z-]*$/.test(word)) ? command.join(" ") : undefined;
}
