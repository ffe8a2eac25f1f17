// Checking one entry value against its element definition, and the messages that say what
// is missing or wrong and how to fix it. Shared with anything else that must judge a value
// the way the element definition says (the emulator, prompts).
import type { EntryDefinition } from "../elements/index.ts";
import { listReferences } from "./expand.ts";

export { checkEntryValue, isHttpUrl } from "../elements/check-value.ts";

/** What a message calls a value's subject: an entry, or `name`, with its flag and variable. */
export interface Subject {
  key: string;
  label?: string;
  flag?: string;
  env?: string;
  /** How to set it in the file, e.g. `add "name" to the file`. */
  fileHint?: string;
  /** The caller has no flags (the library): name only the file and the environment. */
  flagless?: boolean;
}

/** `Missing <key> (<label>): pass <flag> or set <ENV>.`, or naming the file's unset `${NAME}`. */
export function describeMissing(subject: Subject, unset: string[] = []): string {
  const head = `Missing ${title(subject)}: `;
  if (subject.flagless) {
    const fileHint = subject.fileHint ?? `add it to the document's "configuration"`;
    if (unset.length > 0)
      return `${head}the document refers to ${listReferences(unset)}, which ${unset.length === 1 ? "is" : "are"} not set in env. Set ${unset.length === 1 ? "it" : "them"}, or ${fileHint}.`;
    return subject.env ? `${head}${fileHint}, or set ${subject.env} in env.` : `${head}${fileHint}.`;
  }
  if (unset.length > 0) {
    const setWhat = unset.length === 1 ? "Set it" : "Set them";
    const verb = unset.length === 1 ? "which is not set" : "which are not set";
    const pass = subject.flag ? `pass ${subject.flag}` : `pass --config ${subject.key}=<value>`;
    return `${head}the file refers to ${listReferences(unset)}, ${verb}. ${setWhat}, or ${pass}.`;
  }
  const fileHint = subject.fileHint ?? `add it to the file's "configuration"`;
  if (subject.flag && subject.env) return `${head}pass ${subject.flag} or set ${subject.env}.`;
  if (subject.flag) return `${head}pass ${subject.flag} or ${fileHint}.`;
  if (subject.env) return `${head}set ${subject.env} or ${fileHint}.`;
  return `${head}pass --config ${subject.key}=<value> or ${fileHint}.`;
}

/** `Invalid <key> (<label>): <what is expected>; got "<value>" from <source>.` A secret's value is never quoted. */
export function describeInvalid(entry: EntryDefinition, value: string, from: string): string {
  const got = entry.secret ? `the value from ${from} has ${value.length} characters` : `got ${quoteShort(value)} from ${from}`;
  return `Invalid ${title(entry)}: ${entry.invalidMessage}; ${got}.`;
}

/** A non-secret value quoted for a message, cut to a readable length. */
export function quoteShort(value: string, max = 40): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max - 3)}...` : value);
}

function title(subject: Subject): string {
  return subject.label ? `${subject.key} (${subject.label})` : subject.key;
}
