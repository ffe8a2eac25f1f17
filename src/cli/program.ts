// The commander program, built from the command definitions (definitions/) and the global
// options: parsing, help and the tree completion reads. Nothing here runs a command; the action
// of each command hands its definition and parsed values to `dispatch` (src/main.ts).
import { Argument, Command, Option } from "commander";
import { ELEMENTS, allEntryFlags } from "../elements/index.ts";
import { VERSION } from "../version.ts";
import { attributeName, type CommandDef, type OptionDef, type OptionDefs } from "./define-command.ts";
import { COMMANDS, GROUPS } from "./definitions/index.ts";
import { EXAMPLES } from "./examples.ts";
import { GLOBAL_OPTIONS } from "./options/global-options.ts";

/** What the parser found: the command's definition and commander's view of it. */
export interface Parsed {
  definition: CommandDef;
  command: Command;
}

export type Dispatch = (parsed: Parsed) => Promise<void>;

/**
 * Builds the commander program; `dispatch` receives the chosen command. Parse errors are thrown
 * (never printed, never exiting) so that src/main.ts renders them like every other error;
 * this is set before the subcommands are added because commander copies it into each.
 *
 * Given `argv`, only the commands it can name are built whole (options, entry flags, help);
 * the others get their name, arguments and description, which is all an unknown command's
 * suggestion or the parser needs of them. Building every command's options was a measured part
 * of each run's start (bench/). Without `argv`, or when the run may print help, all are whole.
 */
export function buildProgram(dispatch: Dispatch, write: { out: (text: string) => void; err: (text: string) => void }, argv?: readonly string[]): Command {
  const whole = wholeCommands(argv);
  const program = new Command("connector")
    .exitOverride()
    .configureOutput({ writeOut: write.out, writeErr: write.err, outputError: () => undefined })
    .description("Provision and test Twilio SMS connector instances on SAP Open Connectors.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    // Each command's help lists the global options it accepts too, as gh's "inherited flags" do.
    .configureHelp({ showGlobalOptions: true })
    .addHelpText("after", `\nElements:\n${ELEMENTS.map((e) => `  ${e.key.padEnd(12)} ${e.name}`).join("\n")}\n${EXAMPLES.program}`);
  addOptions(program, GLOBAL_OPTIONS);

  const groups = new Map<string, Command>();
  for (const definition of COMMANDS as readonly CommandDef[]) {
    const [first = "", second] = definition.path;
    let parent = program;
    if (second !== undefined) {
      parent = groups.get(first) ?? program.command(first).description(GROUPS[first] ?? "");
      groups.set(first, parent);
    }
    const command = parent.command(second ?? first, definition.hidden ? { hidden: true } : {}).description(definition.description);
    for (const arg of definition.args ?? []) {
      const argument = new Argument(`<${arg.label ?? arg.name}>`, arg.description);
      command.addArgument(arg.choices ? argument.choices(arg.choices) : argument);
    }
    if (whole(definition)) {
      addOptions(command, definition.options);
      if (definition.entryFlags) addEntryFlags(command);
      for (const text of definition.help) command.addHelpText("after", text);
    }
    command.action(async function (this: Command) {
      await dispatch({ definition, command: this });
    });
  }
  return program;
}

/**
 * Which commands `argv` may run: each whose words all appear in it (over-inclusive: a value
 * may be spelled like a command, which costs only time). A group named without one of its
 * subcommands prints its subcommands' usage, so they are all whole then; so is everything when
 * help may be printed (a help word, or no command at all) and for `completion`.
 */
function wholeCommands(argv: readonly string[] | undefined): (definition: CommandDef) => boolean {
  // Help prints commands' options; `completion` writes the whole tree into its script.
  if (argv === undefined || argv.some((arg) => ["help", "--help", "-h", "completion"].includes(arg))) return () => true;
  const words = new Set(argv.filter((arg) => !arg.startsWith("-")));
  if (words.size === 0) return () => true;
  const named = (definition: CommandDef) => definition.path.every((word) => words.has(word));
  const groupsNamedAlone = new Set(
    [...new Set(COMMANDS.map((definition) => definition.path[0] ?? ""))].filter(
      (group) => words.has(group) && !(COMMANDS as readonly CommandDef[]).some((definition) => definition.path.length === 2 && definition.path[0] === group && named(definition)),
    ),
  );
  return (definition) => named(definition) || groupsNamedAlone.has(definition.path[0] ?? "");
}

/** Adds each declared option; its key must be the attribute commander reads it back under. */
function addOptions(command: Command, options: OptionDefs): void {
  for (const [key, def] of Object.entries(options)) {
    if (attributeName(def.flags) !== key) throw new Error(`Option ${def.flags} is declared under "${key}"; commander reads it as "${attributeName(def.flags)}".`);
    command.addOption(toCommanderOption(def));
  }
}

function toCommanderOption(def: OptionDef): Option {
  const description = def.env ? `${def.description} (env ${def.env})` : def.description;
  const option = new Option(def.flags, description);
  if (def.hidden) option.hideHelp();
  if (def.type === "list") option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  if (def.type === "string") {
    if (def.choices) option.choices(def.choices);
    if (def.default !== undefined) option.default(def.default);
    if (def.required) option.makeOptionMandatory();
  }
  return option;
}

/** One flag per entry of every element, from the element definitions. */
function addEntryFlags(command: Command): void {
  for (const entry of allEntryFlags()) {
    const env = entry.env ? `; env ${entry.env}` : "";
    const secret = entry.secret ? " (secret: prefer the environment variable)" : "";
    command.addOption(new Option(`${entry.flag} <value>`, `${entry.label}${env}${secret}`));
  }
}
