// The commands that fit connector into its surroundings (editors, shells, diagnosis), declared
// apart from the core commands of program.ts so each file stays a readable list.
import { Argument, type Command } from "commander";
import { ELEMENTS } from "../elements/index.ts";
import { EXAMPLES } from "./examples.ts";
import type { CommandName } from "./program.ts";

type ActionFor = (name: CommandName) => (this: Command, ...args: unknown[]) => Promise<void>;

/** The shells `connector completion` writes scripts for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;

/** What `connector __complete <kind>` lists, for the completion scripts' dynamic values. */
export const COMPLETION_KINDS = ["instances", "profiles"] as const;

/** Adds schema, completion, doctor and the hidden __complete to `program`. */
export function addToolCommands(program: Command, action: ActionFor): void {
  program
    .command("schema")
    .description("print the JSON Schema of instance.json, for editors")
    .option("--element <key>", `only this element (${ELEMENTS.map((e) => e.key).join(", ")})`)
    .addHelpText("after", EXAMPLES.schema)
    .action(action("schema"));

  program
    .command("completion")
    .description("print a shell completion script for commands, options and stored names")
    .addArgument(new Argument("<shell>", "the shell").choices(SHELLS))
    .addHelpText("after", EXAMPLES.completion)
    .action(action("completion"));

  program
    .command("doctor")
    .description("check Node, the state directory, the profile, the platform and the stored instances")
    .addHelpText("after", EXAMPLES.doctor)
    .action(action("doctor"));

  program
    .command("__complete", { hidden: true })
    .description("list stored names for the completion scripts, one a line")
    .addArgument(new Argument("<kind>").choices(COMPLETION_KINDS))
    .action(action("__complete"));
}
