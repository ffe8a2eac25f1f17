// What the completion scripts complete, as data: every command path with its options, its
// positional values and where each option's values come from. The three shell generators
// render this one model, so bash, zsh and fish always offer the same words.
import type { CommandSpec, OptionSpec } from "./command-spec.ts";
import { ELEMENTS } from "../elements/index.ts";
import { USAGE_TYPES } from "../instance/templates.ts";

/** Where the values of an option or argument come from. */
export type ValueSource =
  | { kind: "words"; words: string[] }
  | { kind: "files" }
  /** Asked at completion time: `connector __complete instances|profiles`. */
  | { kind: "names"; of: "instances" | "profiles" }
  /** `key=` words, completed without a trailing space. */
  | { kind: "assignments"; words: string[] }
  | { kind: "none" };

export interface CompletionOption extends OptionSpec {
  values?: ValueSource;
}

export interface CompletionCommand {
  path: string[];
  description: string;
  options: CompletionOption[];
  subcommands: { name: string; description: string }[];
  /** The source of each positional argument's values, in order. */
  args: ValueSource[];
}

export interface CompletionModel {
  globals: CompletionOption[];
  commands: CompletionCommand[];
}

// Options whose value is a path: the shell offers files there (--batch and --from-logto also take -, stdin).
const FILE_OPTIONS = new Set(["--file", "--out", "--state", "--batch", "--from-logto"]);
const HELP: OptionSpec = { names: ["-h", "--help"], description: "show help", takesValue: false };

/** The model of the whole program, from its commands (as the parser declares them) and the element definitions. */
export function buildCompletionModel(specs: CommandSpec[]): CompletionModel {
  const root = specs.find((spec) => spec.path.length === 0) as CommandSpec;
  const commands = specs.map((spec) => toCommand(spec, specs));
  const topLevel = commands.find((command) => command.path.length === 0) as CompletionCommand;
  const isVersion = (option: OptionSpec) => option.names.includes("--version");
  topLevel.options = root.options.filter(isVersion).map(withValues);
  topLevel.subcommands.push({ name: "help", description: "show help for a command" });
  commands.push({ path: ["help"], description: "show help for a command", options: [], subcommands: [], args: [{ kind: "words", words: root.subcommands }] });
  return { globals: [...root.options.filter((option) => !isVersion(option)).map(withValues), HELP], commands };
}

function toCommand(spec: CommandSpec, specs: CommandSpec[]): CompletionCommand {
  const subcommands = spec.subcommands.map((name) => ({ name, description: specs.find((s) => s.path.join(" ") === [...spec.path, name].join(" "))?.description ?? "" }));
  return {
    path: spec.path,
    description: spec.description,
    options: spec.path.length === 0 ? [] : spec.options.map(withValues),
    subcommands,
    args: spec.args.map((arg) => (arg.choices ? { kind: "words", words: arg.choices } : /name|id/.test(arg.name) ? { kind: "names", of: "instances" } : { kind: "none" })),
  };
}

function withValues(option: OptionSpec): CompletionOption {
  return option.takesValue ? { ...option, values: valuesOf(option) } : option;
}

/** The values of one option that takes a value, by its meaning. */
function valuesOf(option: OptionSpec): ValueSource {
  const long = option.names.find((name) => name.startsWith("--")) ?? "";
  if (option.choices) return { kind: "words", words: option.choices };
  if (FILE_OPTIONS.has(long)) return { kind: "files" };
  if (long === "--element") return { kind: "words", words: ELEMENTS.map((element) => element.key) };
  if (long === "--template") return { kind: "words", words: [...USAGE_TYPES] };
  if (long === "--profile") return { kind: "names", of: "profiles" };
  if (long === "--instance") return { kind: "names", of: "instances" };
  if (long === "--config") return { kind: "assignments", words: ELEMENTS.flatMap((element) => element.entries.map((entry) => `${entry.key}=`)) };
  const entry = ELEMENTS.flatMap((element) => element.entries).find((e) => e.flag === long);
  if (entry?.validation.oneOf) return { kind: "words", words: entry.validation.oneOf };
  return { kind: "none" };
}
