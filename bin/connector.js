#!/usr/bin/env node
// The published entry: the real program is the bundle that `npm run build` (and `prepare`) writes.
// A bare `--version`, and `--help` for the program or a command, need nothing else: they are
// answered from texts the build wrote (dist/version.js, dist/help.js) before the program loads.
import { VERSION } from "../dist/version.js";

const args = process.argv.slice(2);
const help = helpRequestOf(args);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  process.stdout.write(`${VERSION}\n`);
} else if (help !== undefined && Object.hasOwn((await import("../dist/help.js")).HELP, help)) {
  process.stdout.on("error", () => undefined); // `connector --help | head`: the reader left, fine
  process.stdout.write((await import("../dist/help.js")).HELP[help]);
} else {
  const { main } = await import("../dist/cli.js");
  process.exitCode = await main(args);
}

/** "instances list" for `instances list --help` or `help instances list`; else undefined. */
function helpRequestOf(words) {
  const command = words[0] === "help" ? words.slice(1) : words.at(-1) === "--help" || words.at(-1) === "-h" ? words.slice(0, -1) : undefined;
  return command?.every((word) => /^[a-z][a-z-]*$/.test(word)) ? command.join(" ") : undefined;
}
