// Building the instance body from every source at once: flags, --config, environment, the
// file (with `${NAME}` expanded), the element's defaults and prompt answers, in that order
// for every value. Pure apart from registering secrets: it reports every problem at once
// and leaves sending, prompting and printing to the caller.
import { DEFAULT_ELEMENT, ELEMENTS, findElement, findEntry } from "../elements/index.ts";
import type { ElementDefinition, EntryDefinition } from "../elements/index.ts";
import type { Problem } from "../errors.ts";
import { registerSecret } from "../secrets.ts";
import type { InstanceBody } from "../api/platform.ts";
import { describeMissing, describeInvalid, checkEntryValue } from "./validate-entry.ts";
import { listReferences } from "./expand.ts";
import { looksSecret, parseConfigFlags, pickValue } from "./layers.ts";
import type { Candidate } from "./layers.ts";
import { suggestClosest } from "./suggest.ts";
import { validateTemplates } from "./templates.ts";
import type { Template } from "./templates.ts";
import { resolveName, resolveTags } from "./resolve-fields.ts";
import { checkBodySize } from "./body-size.ts";
import type { InstanceSources, PromptableValue } from "./sources.ts";
import { emptyRecord, ownValue } from "../values.ts";

export type { InstanceSources, PromptableValue } from "./sources.ts";

export interface ResolvedInstance {
  element: ElementDefinition;
  /** Exactly what is POSTed: no `$schema`, no `templates`. */
  body: InstanceBody;
  templates: Template[];
  /** The element's sender entry, when it has a value. */
  sender?: string;
  problems: Problem[];
  warnings: string[];
  /** Required entries (and `name`) still without a value that a prompt could ask for. */
  promptable: PromptableValue[];
}

/** Resolves every value by precedence and validates it; the body is sendable only when `problems` is empty. */
export function resolveInstance(sources: InstanceSources): ResolvedInstance {
  const config = parseConfigFlags(sources.config);
  const problems: Problem[] = [...config.problems];
  const warnings: string[] = [];
  const promptable: PromptableValue[] = [];
  const elementKey = sources.elementKey?.trim() || sources.document?.element?.key.trim() || DEFAULT_ELEMENT;
  const known = sources.element?.key === elementKey ? sources.element : findElement(elementKey);
  if (!known) problems.push(describeUnknownElement(elementKey));
  const element = known ?? { ...(ELEMENTS[0] as ElementDefinition), key: elementKey, name: elementKey, entries: [] };

  const name = resolveName(sources, problems, promptable);
  const configuration = emptyRecord<string>();
  for (const entry of element.entries) {
    const value = resolveEntry(entry, sources, config.values, problems, warnings, promptable);
    if (value !== undefined) configuration[entry.key] = value;
  }
  for (const [key, value] of resolveUnknownEntries(element, sources, config.values, warnings, Boolean(known))) configuration[key] = value;
  const tags = resolveTags(sources, problems);
  const templates = validateTemplates(sources.document?.templates);
  problems.push(...templates.problems);
  for (const field of sources.document?.ignoredFields ?? []) warnings.push(`Unknown field ${JSON.stringify(field)} in the file: ignored.`);

  const body: InstanceBody = { element: { key: elementKey }, name: name ?? "", tags, configuration };
  const tooLarge = checkBodySize(body);
  if (tooLarge) problems.push(tooLarge);
  const sender = element.send.senderEntry === undefined ? undefined : configuration[element.send.senderEntry];
  return { element, body, templates: templates.templates, ...(sender === undefined ? {} : { sender }), problems, warnings, promptable };
}

/** One declared entry: the first value by precedence, validated; a missing required one is a problem. */
function resolveEntry(entry: EntryDefinition, sources: InstanceSources, config: Map<string, string>, problems: Problem[], warnings: string[], promptable: PromptableValue[]): string | undefined {
  const candidates: Candidate[] = [
    { raw: ownValue(sources.entryFlags, entry.key), from: entry.flag ?? "--config" },
    { raw: config.get(entry.key), from: "--config" },
    { raw: entry.env ? sources.env[entry.env] : undefined, from: entry.env ?? "" },
    { raw: ownValue(sources.document?.configuration, entry.key), from: "the file", expand: true },
    { raw: entry.default, from: "the default" },
    { raw: ownValue(sources.answers, entry.key), from: "your answer" },
  ];
  const picked = pickValue(candidates, sources.env, entry.secret);
  const where = { key: entry.key, ...(entry.flag && !sources.flagless ? { flag: entry.flag } : {}), ...(entry.env ? { env: entry.env } : {}) };
  if (picked.value === undefined) {
    if (entry.required) {
      problems.push({ ...where, problem: "missing", message: describeMissing({ ...entry, flagless: sources.flagless }, picked.unset) });
      promptable.push({ key: entry.key, label: entry.label, secret: entry.secret, prompt: entry.prompt });
    } else if (picked.unset.length > 0) {
      warnings.push(`${entry.key} (${entry.label}) is left out: the file refers to ${listReferences(picked.unset)}, which is not set.`);
    }
    return undefined;
  }
  if (picked.unset.length > 0 && picked.from === "the default") {
    warnings.push(`${entry.key} (${entry.label}): the file refers to ${listReferences(picked.unset)}, which is not set; using the default ${picked.value}.`);
  }
  if (!checkEntryValue(entry, picked.value)) {
    problems.push({ ...where, problem: "invalid", message: describeInvalid(entry, picked.value, picked.from ?? "") });
  }
  return picked.value;
}

/** Entries the element does not declare, from the file, --config and flags: warned about and sent as given. */
function resolveUnknownEntries(element: ElementDefinition, sources: InstanceSources, config: Map<string, string>, warnings: string[], elementKnown: boolean): Map<string, string> {
  const keys = new Set([...Object.keys(sources.document?.configuration ?? {}), ...config.keys(), ...Object.keys(sources.entryFlags)]);
  const entryKeys = element.entries.map((entry) => entry.key);
  const out = new Map<string, string>();
  for (const key of keys) {
    if (findEntry(element, key) || flagTakenBy(element, key, sources)) continue;
    const candidates: Candidate[] = [
      { raw: ownValue(sources.entryFlags, key), from: "a flag" },
      { raw: config.get(key), from: "--config" },
      { raw: ownValue(sources.document?.configuration, key), from: "the file", expand: true },
    ];
    const picked = pickValue(candidates, sources.env, looksSecret(key));
    if (picked.value === undefined) {
      if (picked.unset.length > 0) warnings.push(`${key} is left out: the file refers to ${listReferences(picked.unset)}, which is not set.`);
      continue;
    }
    if (elementKnown) {
      const closest = suggestClosest(key, entryKeys);
      warnings.push(`Unknown entry ${key} for element ${element.key}: sent as given${closest ? ` (did you mean ${closest}?)` : ""}`);
    }
    if (looksSecret(key)) registerSecret(picked.value);
    out.set(key, picked.value);
  }
  return out;
}

/** True when `key` came from an entry flag that `element` declares for an entry of its own (--account-sid: twilio and twiliov2). */
function flagTakenBy(element: ElementDefinition, key: string, sources: InstanceSources): boolean {
  if (ownValue(sources.entryFlags, key) === undefined) return false;
  const flag = ELEMENTS.flatMap((other) => other.entries).find((entry) => entry.key === key)?.flag;
  return flag !== undefined && element.entries.some((entry) => entry.flag === flag);
}

function describeUnknownElement(key: string): Problem {
  const keys = ELEMENTS.map((element) => element.key);
  const closest = suggestClosest(key, keys);
  const hint = closest ? ` Did you mean ${closest}?` : "";
  return { key: "element.key", problem: "invalid", message: `Invalid element.key: unknown element ${JSON.stringify(key.slice(0, 40))}.${hint} Known elements: ${keys.join(", ")}.` };
}
