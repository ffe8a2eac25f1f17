// The interactive side of `connector init`: asks for each value still missing, in the element's
// order, with a select where the element offers kinds (the sender: phone number, short code,
// alphanumeric ID, Messaging Service) and a check as you type taken from the element definition.
import type { EntryDefinition } from "../../elements/index.ts";
import { checkEntryValue } from "../../elements/check-value.ts";
import { UsageError } from "../../errors.ts";
import { resolveInstance, type InstanceSources } from "../../instance/resolve.ts";

/** Answers by entry key (and `name`) for everything missing; secret entries are left to `${VARIABLE}` references. */
export async function askInstanceAnswers(sources: InstanceSources): Promise<Record<string, string>> {
  const { askSelect, askText } = await import("../../ui/prompts.ts");
  const first = resolveInstance(sources);
  const answers: Record<string, string> = {};
  if (first.promptable.some((question) => question.key === "name")) {
    answers.name = await askText({ message: "Instance name", validate: (value) => (value === "" ? "A name is required (Ctrl-C to stop)." : undefined) });
  }
  for (const entry of first.element.entries) {
    if (entry.secret || first.body.configuration[entry.key] !== undefined) continue;
    const patterns = entry.validation.patterns ?? [];
    const oneOf = entry.validation.oneOf ?? [];
    if (oneOf.length > 1) {
      answers[entry.key] = await askSelect(entry.prompt, oneOf.map((value) => ({ value, name: value })));
    } else if (patterns.length > 1) {
      const kind = await askSelect(`${entry.label[0]?.toUpperCase()}${entry.label.slice(1)}: which kind?`, patterns.map((pattern, index) => ({ value: String(index), name: pattern.describes })));
      const pattern = patterns[Number(kind)] ?? { regex: ".*", describes: entry.label };
      const example = entry.example !== undefined && new RegExp(pattern.regex).test(entry.example) ? entry.example : undefined;
      answers[entry.key] = await askText({ message: `${entry.label[0]?.toUpperCase()}${entry.label.slice(1)} (${pattern.describes})`, default: example, validate: (value) => checkPattern(entry, pattern.regex, pattern.describes, value) });
    } else {
      const answer = await askText({ message: entry.required ? entry.prompt : `${entry.prompt}, Enter to skip`, validate: (value) => checkAnswer(entry, value) });
      if (answer !== "") answers[entry.key] = answer;
    }
  }
  return answers;
}

/** The problem with an answer for `entry`, as the element defines it; empty is fine for an optional entry. */
export function checkAnswer(entry: EntryDefinition, value: string): string | undefined {
  if (value === "") return entry.required ? "A value is required (Ctrl-C to stop)." : undefined;
  return checkEntryValue(entry, value) ? undefined : entry.invalidMessage;
}

function checkPattern(entry: EntryDefinition, regex: string, describes: string, value: string): string | undefined {
  if (value === "") return "A value is required (Ctrl-C to stop).";
  if (!new RegExp(regex).test(value)) return `expected ${describes}`;
  return checkAnswer(entry, value);
}

/** At a terminal, an existing file is overwritten only when the person says so (asked before any other question). */
export async function confirmOverwrite(path: string, exists: boolean): Promise<boolean> {
  if (!exists) return false;
  const { askConfirm } = await import("../../ui/prompts.ts");
  if (await askConfirm(`${path} already exists. Overwrite it?`, false)) return true;
  throw new UsageError(`${path} already exists; nothing was written.`, "Pass --out another path, or --force to overwrite it.");
}

/** Shows what is about to be written and asks to go ahead; false leaves everything as it was. */
export async function confirmWrite(document: { name: string; element: { key: string }; configuration: Record<string, string>; templates: { usageType: string }[] }, path: string, note: (line: string) => void): Promise<boolean> {
  const rows: [string, string][] = [["name", document.name], ["element", document.element.key], ...Object.entries(document.configuration), ["templates", document.templates.map((t) => t.usageType).join(", ")]];
  const width = Math.max(...rows.map(([key]) => key.length));
  note(`\nAbout to write ${path}:\n${rows.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`).join("\n")}\n`);
  const { askConfirm } = await import("../../ui/prompts.ts");
  return askConfirm(`Write ${path}?`, true);
}
