#!/usr/bin/env node
// The published entry: the real program is the bundle that `npm run build` (and `prepare`) writes.
import { main } from "../dist/cli.js";

process.exitCode = await main(process.argv.slice(2));
