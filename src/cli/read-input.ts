// Reads a parsed command back out of commander as the typed input its definition declares:
// positional arguments by name, each option with its declared type (a repeatable option is a
// list, a declared environment variable fills an option the command line left out, before the
// default), and the element entry flags by entry key.
import type { Command } from "commander";
import { ELEMENTS, allEntryFlags } from "../elements/index.ts";
import { nonEmpty } from "../values.ts";
import { describeTree } from "./command-tree.ts";
import { attributeName, type CommandDef, type CommandInput, type OptionDefs, type OptionsOf } from "./define-command.ts";

/** The typed options of `defs`, from commander's values of `command` (globals included) and `env`. */
export function readOptions<O extends OptionDefs>(defs: O, command: Command, env: NodeJS.ProcessEnv): OptionsOf<O> {
  const values = command.optsWithGlobals();
  const out: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(defs)) {
    const value: unknown = values[key];
    if (def.type === "boolean") out[key] = value === true;
    else if (def.type === "list") out[key] = Array.isArray(value) ? value.map(String) : [];
    else {
      const fromEnv = def.env && sourceOf(command, key) !== "cli" ? nonEmpty(env[def.env]) : undefined;
      out[key] = fromEnv ?? (typeof value === "string" ? value : undefined);
    }
  }
  return out as OptionsOf<O>;
}

/** The definition's input: arguments by name, typed options, entry flags by entry key. */
export function readInput(definition: CommandDef, command: Command, env: NodeJS.ProcessEnv): CommandInput<OptionDefs, readonly []> {
  const args: Record<string, string> = {};
  (definition.args ?? []).forEach((arg, index) => {
    args[arg.name] = String(command.processedArgs[index] ?? "");
  });
  const root = (): Command => {
    let at = command;
    while (at.parent) at = at.parent;
    return at;
  };
  return {
    args,
    options: readOptions(definition.options, command, env),
    entries: definition.entryFlags ? readEntryFlags(command) : {},
    commandTree: () => describeTree(root()),
  } as CommandInput<OptionDefs, readonly []>;
}

/** Where commander took an option's value from, looking up through the parent commands (globals). */
function sourceOf(command: Command, key: string): string | undefined {
  for (let at: Command | null = command; at; at = at.parent) {
    const source = at.getOptionValueSource(key);
    if (source !== undefined && at.options.some((option) => option.attributeName() === key)) return source;
  }
  return undefined;
}

/** Entry flag values by entry key (`--account-sid` fills `messaging.sms.twilio.account`, and twiliov2's `username`). */
function readEntryFlags(command: Command): Record<string, string | undefined> {
  const values = command.opts();
  const entries: Record<string, string | undefined> = {};
  for (const element of ELEMENTS) {
    for (const entry of element.entries) {
      const value: unknown = entry.flag ? values[attributeName(entry.flag)] : undefined;
      if (typeof value === "string") entries[entry.key] = value;
    }
  }
  return entries;
}

/**
 * Secret values given on the command line, to warn about shell history: secret entry flags, and
 * `--config key=...` for a key some element declares secret; each with the variable to use instead.
 */
export function secretFlagsUsed(command: Command): { flag: string; env?: string }[] {
  const values = command.opts();
  const flags = allEntryFlags()
    .filter((entry) => entry.secret && entry.flag && typeof values[attributeName(entry.flag)] === "string")
    .map((entry) => ({ flag: entry.flag as string, env: entry.env }));
  const secretEntries = new Map(ELEMENTS.flatMap((element) => element.entries.filter((entry) => entry.secret).map((entry) => [entry.key, entry.env] as const)));
  const config: unknown[] = Array.isArray(values.config) ? values.config : [];
  const keys = config.filter((arg): arg is string => typeof arg === "string").map((arg) => arg.slice(0, Math.max(0, arg.indexOf("="))).trim());
  const configFlags = [...new Set(keys.filter((key) => secretEntries.has(key)))].map((key) => ({ flag: `--config ${key}=...`, env: secretEntries.get(key) }));
  return [...flags, ...configFlags];
}
