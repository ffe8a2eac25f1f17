#!/usr/bin/env node
// The published entry: the real program is the bundle that `npm run build` (and `prepare`) writes.
// A bare `--version` needs nothing else, so it is answered before the program is loaded.
import { VERSION } from "../dist/version.js";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import("../dist/cli.js");
  process.exitCode = await main(args);
}
