// @module-tag slow: every --help of every command as a new process (npm test leaves it out; npm run test:all runs it)
// bin/connector.js answers `--help` from texts rendered at build time (src/cli/help-texts.ts).
// Every one of them must be what the parser itself prints; `--no-color` after `--help` makes
// the binary take the parser's path, so the two can be compared in the same conditions.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runBinary } from "./helpers/run.ts";

// Written by the build that tests/global-setup.ts runs first.
const { help: HELP } = JSON.parse(readFileSync(new URL("../dist/help.json", import.meta.url), "utf8")) as { help: Record<string, string> };
const paths = Object.keys(HELP);

describe("--help answered before the program loads", () => {
  it("has a text for the program and every command, subcommands included", () => {
    expect(paths).toEqual(expect.arrayContaining(["", "provision", "send", "instances", "instances list", "instances show", "instances delete", "emulator", "verify", "doctor"]));
  });

  it.each(paths)("`connector %s --help` prints exactly what the parser prints", async (path) => {
    const words = path ? path.split(" ") : [];
    const fast = await runBinary([...words, "--help"], {});
    const parsed = await runBinary([...words, "--help", "--no-color"], {});
    expect(fast.code).toBe(0);
    expect(parsed.code).toBe(0);
    expect(fast.stdout).toBe(parsed.stdout);
    expect(fast.stdout).toContain("Usage: connector");
  });

  it("`connector help <command>` is the same text as `connector <command> --help`", async () => {
    expect((await runBinary(["help", "send"], {})).stdout).toBe((await runBinary(["send", "--help"], {})).stdout);
  });

  it("a help request for something that is no command is left to the parser", async () => {
    const run = await runBinary(["nonsense", "--help"], {});
    expect(run.code).toBe(0); // commander shows the program's help for an unknown command with --help
    expect(run.stdout).toContain("Usage: connector");
  });
});
