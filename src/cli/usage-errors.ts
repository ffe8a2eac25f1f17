// Commander's parse errors as the contract's usage errors: the hint names the command the user
// was typing (`connector token --help`), and a typo's "Did you mean" is its own field, so a
// --json reader gets it without parsing the message.
import type { Command, CommanderError } from "commander";
import { UsageError } from "../errors.ts";
import { suggestClosest } from "../instance/suggest.ts";

/** The UsageError for a commander parse error met while parsing `argv`. */
export function usageErrorOf(error: CommanderError, program: Command, argv: string[]): UsageError {
  const text = error.message.replace(/^error: /, "");
  const typo = /\n?\(Did you mean (.+?)\?\)\s*$/.exec(text);
  const message = typo ? text.slice(0, typo.index) : text;
  // `connector version` (gh's and kubectl's spelling) is the --version option here, not a close command.
  const suggestion = /^unknown command 'version'/.test(message) ? "connector --version" : typo?.[1];
  return new UsageError(message, helpHint(commandPathOf(program, argv)), suggestion);
}

/** `connector help nosuch` (or `help instances nosuch`): unknown, with the closest command; undefined when the topic exists. */
export function unknownHelpTopic(program: Command, argv: string[]): UsageError | undefined {
  const words = argv.filter((word) => !word.startsWith("-"));
  if (words[0] !== "help" || words.length < 2) return undefined;
  let command = program;
  for (const word of words.slice(1)) {
    const names = visibleCommands(command).map((sub) => sub.name());
    const next = command.commands.find((sub) => sub.name() === word || sub.aliases().includes(word));
    if (!next) {
      const where = command === program ? "" : ` ${commandPathOf(program, words.slice(1)).join(" ")}`;
      const closest = suggestClosest(word, names);
      return new UsageError(`unknown command '${word}'${where ? ` for connector${where}` : ""}`, helpHint(command === program ? [] : commandPathOf(program, words.slice(1))), closest);
    }
    command = next;
  }
  return undefined;
}

/** The command words of `argv` that name a command of `program` (`["instances", "list"]`). */
export function commandPathOf(program: Command, argv: string[]): string[] {
  const path: string[] = [];
  let command = program;
  for (const word of argv) {
    if (word.startsWith("-")) continue;
    const next = command.commands.find((sub) => sub.name() === word || sub.aliases().includes(word));
    if (!next) {
      if (command.commands.length === 0 || path.length > 0) break;
      continue; // the value of a global option (--profile x) before the command
    }
    if (next.name() === "help") break;
    path.push(next.name());
    command = next;
  }
  return path;
}

function helpHint(path: string[]): string {
  return path.length === 0 ? "Run connector --help for the commands and global options." : `Run connector ${path.join(" ")} --help for its usage.`;
}

function visibleCommands(command: Command): Command[] {
  return command.commands.filter((sub) => (sub as unknown as { _hidden?: boolean })._hidden !== true);
}
