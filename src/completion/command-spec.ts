// The program's commands and options as plain data: what the completion scripts (and the
// reference check of the docs) are generated from. src/cli/command-tree.ts reads it off the
// commander program, so it cannot drift from the parser.

export interface OptionSpec {
  /** Every spelling: `-f`, `--file`. */
  names: string[];
  description: string;
  takesValue: boolean;
  /** Allowed values, when the option declares them (`--if-exists`). */
  choices?: string[];
}

export interface ArgumentSpec {
  name: string;
  choices?: string[];
}

export interface CommandSpec {
  /** Words after `connector`: [] for the program, ["instances", "list"] for a subcommand. */
  path: string[];
  description: string;
  /** The command's own options; the program's options (path []) apply everywhere. */
  options: OptionSpec[];
  args: ArgumentSpec[];
  /** Names of its visible subcommands. */
  subcommands: string[];
  /** True when it only groups subcommands. */
  group: boolean;
}
