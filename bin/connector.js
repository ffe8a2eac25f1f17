#!/usr/bin/env node
// The published entry, CommonJS on purpose (bin/package.json), as the program is: Node runs both
// without starting its ES module loader. A bare `--version`, and `--help` for the program or a
// command, are answered from the texts the build rendered (dist/help.json) without loading the
// program. Anything else loads the program, the bundle that `npm run build` (and `prepare`)
// writes, with V8's code cache (./code-cache.js).
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
  // V8's baseline WebAssembly compiler only, as src/api/undici.ts explains; set before the code
  // cache is read, not when undici loads, because V8 keys cached code by its flags.
  require("node:v8").setFlagsFromString("--liftoff-only");
  const { loadWithCodeCache } = require("./code-cache.js");
  // One cache per command (a global option first counts as "other"): each holds what its command compiled.
  const program = loadWithCodeCache(join(__dirname, "../dist/connector.cjs"), args[0]?.startsWith("-") ? undefined : args[0], process.env);
  program.exports.main(args).then((code) => {
    process.exitCode = code;
    program.save();
  });
}

/** "instances list" for `instances list --help` or `help instances list`; else undefined. */
function helpRequestOf(words) {
  const command = words[0] === "help" ? words.slice(1) : words.at(-1) === "--help" || words.at(-1) === "-h" ? words.slice(0, -1) : undefined;
  return command?.every((word) => /^[a-z][a-z-]*$/.test(word)) ? command.join(" ") : undefined;
}
