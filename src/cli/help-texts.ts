// Every `--help` text, rendered at build time (scripts/build.mjs writes dist/help.json) so that
// bin/connector.js can answer `connector [command...] --help` without loading commander and
// building ~20 commands first. The texts come from the same program the parser uses, so they
// cannot drift; tests/help-fast-path.test.ts compares both ways.
import type { Command } from "commander";
import { buildProgram } from "./program.ts";

/** The width help is rendered at: commander's own default when stdout is not a terminal. */
const HELP_WIDTH = 80;

/** `--help` output of the program ("" key) and of each command path ("instances list"). */
export function renderHelpTexts(): Record<string, string> {
  let captured = "";
  const program = buildProgram(async () => undefined, { out: (text) => (captured += text), err: (text) => (captured += text) });
  const texts: Record<string, string> = {};
  const visit = (command: Command, path: string[]) => {
    command.configureOutput({ getOutHelpWidth: () => HELP_WIDTH, getErrHelpWidth: () => HELP_WIDTH });
    captured = "";
    command.outputHelp();
    texts[path.join(" ")] = captured;
    for (const sub of command.commands) {
      if (!isHidden(sub) && sub.name() !== "help") visit(sub, [...path, sub.name()]);
    }
  };
  visit(program, []);
  return texts;
}

function isHidden(command: Command): boolean {
  return (command as unknown as { _hidden?: boolean })._hidden === true;
}
