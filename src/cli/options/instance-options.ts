// The options that build an instance (init, validate, verify, provision), as fragments to spread
// into a command's declaration. The element entry flags (`--account-sid`, ...) come from the
// element definitions, through the definition's `entryFlags`.
import { ELEMENTS } from "../../elements/index.ts";
import type { InstanceFlags } from "../../instance/flags.ts";
import type { OptionDefs } from "../define-command.ts";

/** One instance file. */
export const FILE_OPTION = {
  file: { type: "string", flags: "-f, --file <path>", description: "instance.json to read, or - for standard input (default: ./instance.json when it exists)" },
} as const satisfies OptionDefs;

/** Instance files or directories, repeatable, for a batch. */
export const FILES_OPTION = {
  file: {
    type: "list",
    flags: "-f, --file <path>",
    description: "instance.json to read, or - for standard input (default: ./instance.json when it exists); repeat it, or name a directory of *.json, for a batch",
  },
} as const satisfies OptionDefs;

export const INSTANCE_OPTIONS = {
  element: {
    type: "string",
    flags: "--element <key>",
    description: `element key (${ELEMENTS.map((e) => e.key).join(", ")}); default: the file's, else twilio. A file (./instance.json too) of another element is refused, never merged`,
  },
  name: { type: "string", flags: "--name <name>", description: "instance name" },
  tag: { type: "list", flags: "--tag <tag>", description: "tag the instance (repeatable)" },
  config: { type: "list", flags: "--config <key=value>", description: "set any configuration entry (repeatable)" },
} as const satisfies OptionDefs;

/** The instance flags out of typed options: a repeatable option given no time is "not given". */
export function instanceFlagsOf(options: { file?: string; element?: string; name?: string; tag: string[]; config: string[] }, entries: Record<string, string | undefined>): InstanceFlags {
  return {
    file: options.file,
    element: options.element,
    name: options.name,
    tag: options.tag.length > 0 ? options.tag : undefined,
    config: options.config.length > 0 ? options.config : undefined,
    entries,
  };
}
