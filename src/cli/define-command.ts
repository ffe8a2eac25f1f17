// How a command is declared: once, as data. A definition holds the command's words, arguments,
// options (type, default, choices, environment variable), examples and a `run` that imports its
// module only when it runs; `run` receives options typed from the declaration itself, so no
// default or choice list is written twice and no option value is cast. program.ts turns the
// definitions into commander's tree, which parses, renders help and feeds completion.
import type { CommandSpec } from "../completion/command-spec.ts";
import type { Context } from "../context.ts";
import type { CommandResult } from "../ui/result.ts";

interface OptionBase {
  /** Commander's spelling: `-f, --file <path>`, `--dry-run`, `--no-input`. */
  flags: string;
  description: string;
  hidden?: boolean;
  /** The environment variable that gives the value when the option is absent (named in help). */
  env?: string;
}

/** A switch: `--dry-run` (false unless given), or `--no-input` (true unless given). */
export interface BooleanOption extends OptionBase {
  type: "boolean";
}

/** An option with one value; `default` and `choices` are declared here and nowhere else. */
export interface StringOption extends OptionBase {
  type: "string";
  default?: string;
  choices?: readonly string[];
  /** The option must be given (commander reports it as a usage error). */
  required?: boolean;
}

/** A repeatable option: `--tag a --tag b` is `["a", "b"]`, absent is `[]`. */
export interface ListOption extends OptionBase {
  type: "list";
}

export type OptionDef = BooleanOption | StringOption | ListOption;
export type OptionDefs = Readonly<Record<string, OptionDef>>;

export interface ArgumentDef {
  name: string;
  /** How help shows it, when not its name: `<name|id>`. */
  label?: string;
  description: string;
  choices?: readonly string[];
}

/** The value `run` receives for one option, inferred from its declaration. */
export type OptionValue<D extends OptionDef> = D extends BooleanOption
  ? boolean
  : D extends ListOption
    ? string[]
    : D extends { choices: readonly (infer C)[]; default: string }
      ? C
      : D extends { choices: readonly (infer C)[] }
        ? C | undefined
        : D extends { default: string } | { required: true }
          ? string
          : string | undefined;

export type OptionsOf<O extends OptionDefs> = { -readonly [K in keyof O]: OptionValue<O[K]> };

/** What `run` receives: positional arguments by name, typed options, and entry flags by entry key. */
export interface CommandInput<O extends OptionDefs, A extends readonly ArgumentDef[]> {
  args: { [K in A[number]["name"]]: string };
  options: OptionsOf<O>;
  /** Values of the element entry flags (`--account-sid`), by entry key; only with `entryFlags`. */
  entries: Record<string, string | undefined>;
  /** Every command of the program as data, for the commands that describe it (completion). */
  commandTree(): CommandSpec[];
}

/** Writes a result before the command ends (the emulator's URL). */
export type Announce = (result: CommandResult) => void;

export interface CommandDef<O extends OptionDefs = OptionDefs, A extends readonly ArgumentDef[] = readonly ArgumentDef[]> {
  /** Words after `connector`: ["provision"], ["instances", "list"]. */
  path: readonly string[];
  description: string;
  args?: A;
  options: O;
  /** Adds one flag per entry of every element (`--account-sid`, `--auth-token`, ...). */
  entryFlags?: boolean;
  /** Help text after the options: the examples first. */
  help: readonly string[];
  hidden?: boolean;
  run(input: CommandInput<O, A>, ctx: Context, announce: Announce): Promise<CommandResult | undefined>;
}

/** Declares a command; the identity function that lets TypeScript infer `run`'s input from the declaration. */
export function defineCommand<const O extends OptionDefs, const A extends readonly ArgumentDef[] = readonly []>(definition: CommandDef<O, A>): CommandDef<O, A> {
  return definition;
}

/** Commander's camel-case attribute for a long flag: `--account-sid` -> `accountSid`, `--no-input` -> `input`. */
export function attributeName(flags: string): string {
  const long = /--([a-z0-9-]+)/i.exec(flags)?.[1] ?? "";
  return long.replace(/^no-/, "").replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
