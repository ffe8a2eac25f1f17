// The instance-building flags, shared by init, validate and provision, generated from the
// element definitions so a new element's flags appear without touching the parser.
import { Option, type Command } from "commander";
import { ELEMENTS, allEntryFlags } from "../elements/index.ts";

export interface InstanceFlags {
  file?: string;
  element?: string;
  name?: string;
  tag?: string[];
  config?: string[];
  /** Entry flag values by entry key. */
  entries: Record<string, string | undefined>;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Adds --element, --name, --tag, --config and one flag per element entry to `command`. */
export function addInstanceOptions(command: Command, { file }: { file: boolean | "repeatable" }): Command {
  if (file === "repeatable") command.option("-f, --file <path>", "instance.json to read, or - for standard input; repeat it, or name a directory of *.json, for a batch", collect);
  else if (file) command.option("-f, --file <path>", "instance.json to read, or - for standard input");
  command
    .option("--element <key>", `element key (${ELEMENTS.map((e) => e.key).join(", ")}); default: the file's, else twilio`)
    .option("--name <name>", "instance name")
    .option("--tag <tag>", "tag the instance (repeatable)", collect)
    .option("--config <key=value>", "set any configuration entry (repeatable)", collect);
  for (const entry of allEntryFlags()) {
    const env = entry.env ? `; env ${entry.env}` : "";
    const secret = entry.secret ? " (secret: prefer the environment variable)" : "";
    command.addOption(new Option(`${entry.flag} <value>`, `${entry.label}${env}${secret}`));
  }
  return command;
}

/** Reads the instance flags back out of commander's options, entry flags keyed by entry key. */
export function readInstanceFlags(options: Record<string, unknown>): InstanceFlags {
  const entries: Record<string, string | undefined> = {};
  for (const element of ELEMENTS) {
    for (const entry of element.entries) {
      if (!entry.flag) continue;
      const value = options[attributeName(entry.flag)];
      if (typeof value === "string") entries[entry.key] = value;
    }
  }
  return {
    file: options.file as string | undefined,
    element: options.element as string | undefined,
    name: options.name as string | undefined,
    tag: options.tag as string[] | undefined,
    config: options.config as string[] | undefined,
    entries,
  };
}

/** Commander's camel-case attribute for a long flag: `--account-sid` -> `accountSid`. */
function attributeName(flag: string): string {
  return flag.replace(/^--/, "").replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** Names of secret entry flags present on the command line, to warn about shell history. */
export function secretFlagsUsed(options: Record<string, unknown>): string[] {
  return allEntryFlags()
    .filter((entry) => entry.secret && entry.flag && typeof options[attributeName(entry.flag)] === "string")
    .map((entry) => entry.flag as string);
}
