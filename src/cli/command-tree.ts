// The program's commands and options as plain data, read from the one commander definition:
// the completion scripts and the README check are generated from it, so they cannot drift.
import type { Command } from "commander";
import type { CommandSpec, OptionSpec } from "../completion/command-spec.ts";
import { buildProgram } from "./program.ts";

export type { CommandSpec } from "../completion/command-spec.ts";

/** Every visible command of the program, depth first, the program itself first. */
export function describeCommands(options: { hidden?: boolean } = {}): CommandSpec[] {
  return describeTree(
    buildProgram(async () => undefined, { out: () => undefined, err: () => undefined }),
    options,
  );
}

/** Every visible command of `program`, depth first, the program itself first. */
export function describeTree(program: Command, options: { hidden?: boolean } = {}): CommandSpec[] {
  const specs: CommandSpec[] = [];
  const visit = (command: Command, path: string[]) => {
    const children = command.commands.filter((child) => options.hidden || !isHidden(child));
    specs.push({
      path,
      description: command.description(),
      options: command.options.filter((option) => !option.hidden).map(describeOption),
      args: command.registeredArguments.map((arg) => ({ name: arg.name(), ...(arg.argChoices ? { choices: [...arg.argChoices] } : {}) })),
      subcommands: children.map((child) => child.name()),
      group: children.length > 0,
    });
    for (const child of children) visit(child, [...path, child.name()]);
  };
  visit(program, []);
  return specs;
}

function describeOption(option: Command["options"][number]): OptionSpec {
  const names = [option.short, option.long].filter((name): name is string => typeof name === "string");
  const spec: OptionSpec = { names, description: option.description, takesValue: option.required || option.optional };
  if (option.argChoices) spec.choices = [...option.argChoices];
  return spec;
}

/** commander keeps `hidden` on a private field; `{ hidden: true }` commands are internal. */
function isHidden(command: Command): boolean {
  return (command as unknown as { _hidden?: boolean })._hidden === true;
}
