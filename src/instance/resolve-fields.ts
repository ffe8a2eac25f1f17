// The instance's own fields besides its configuration: `name` (required, `--name`) and
// `tags` (`--tag`, repeatable). Same rules as entries: flag first, then the file with
// `${NAME}` expanded, then a prompt answer; trimmed; never sent empty.
import type { Problem } from "../errors.ts";
import { expandReferences } from "./expand.ts";
import { pickValue } from "./layers.ts";
import type { InstanceSources, PromptableValue } from "./sources.ts";
import { describeMissing } from "./validate-entry.ts";

export const NAME_PROMPT: PromptableValue = { key: "name", label: "name", secret: false, prompt: "Instance name" };

/** The instance name by precedence; a missing one is a problem and promptable. */
export function resolveName(sources: InstanceSources, problems: Problem[], promptable: PromptableValue[]): string | undefined {
  const picked = pickValue(
    [
      { raw: sources.name, from: "--name" },
      { raw: sources.document?.name, from: "the file", expand: true },
      { raw: sources.answers?.name, from: "your answer" },
    ],
    sources.env,
    false,
  );
  if (picked.value !== undefined) {
    if (/[<>]/.test(picked.value)) problems.push({ key: "name", problem: "invalid", message: describeMarkup(picked.value, picked.from ?? "--name"), flag: "--name" });
    else if (/[\r\n\u2028\u2029]/.test(picked.value)) problems.push({ key: "name", problem: "invalid", message: describeLineBreak(picked.value, picked.from ?? "--name"), flag: "--name" });
    return picked.value;
  }
  const message = sources.flagless
    ? describeMissing({ key: "name", flagless: true, fileHint: 'add "name" to the document' }, picked.unset)
    : describeMissing({ key: "name", flag: "--name", fileHint: 'add "name" to the file' }, picked.unset);
  problems.push({ key: "name", problem: "missing", message, ...(sources.flagless ? {} : { flag: "--name" }) });
  promptable.unshift(NAME_PROMPT);
  return undefined;
}

/** Why a name with a line break is refused: the platform's names are one line, and each line of a log is read on its own (a CI runner takes one that begins with `::` as a command). */
function describeLineBreak(name: string, from: string): string {
  return `Invalid name ${quoted(name)} (from ${from}): it holds a line break, and an instance name is one line. Remove the line break.`;
}

function quoted(name: string): string {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 59)}…` : name);
}

/** Why a name with `<` or `>` is refused: the platform strips markup, so it would store another name than the one checked for. */
function describeMarkup(name: string, from: string): string {
  return `Invalid name ${quoted(name)} (from ${from}): it holds < or >, and the platform strips markup from names, so the instance would get another name than this one and a later run would not find it. Remove the < and > characters.`;
}

/**
 * The most tags an instance may carry here. The platform documents no limit (none is known); a
 * thousand is far more than anyone tags an instance with, and keeps a runaway file (a generated
 * list of 900,000) from being sent at all.
 */
export const MAX_TAGS = 1000;

/** Tags from `--tag` flags when any are given, else the file's; trimmed, repeats dropped, empty ones refused. Linear in the number of tags. */
export function resolveTags(sources: InstanceSources, problems: Problem[]): string[] {
  const fromFlags = sources.tags !== undefined && sources.tags.length > 0;
  const raw = fromFlags ? (sources.tags ?? []) : (sources.document?.tags ?? []);
  if (raw.length > MAX_TAGS) {
    const where = fromFlags ? "--tag" : "the file's tags";
    problems.push({ key: "tags", problem: "invalid", message: `Invalid ${where}: ${raw.length} tags, more than the ${MAX_TAGS} an instance may carry. Keep the tags that matter.`, flag: "--tag" });
    return [];
  }
  const tags: string[] = [];
  const seen = new Set<string>();
  raw.forEach((tag, index) => {
    const key = fromFlags ? "tags" : `tags[${index}]`;
    const expansion = fromFlags ? { value: tag, unset: [] } : expandReferences(tag, sources.env);
    if (expansion.value === undefined) {
      const message = describeMissing({ key, flag: "--tag", fileHint: "fix the file's tags" }, expansion.unset);
      problems.push({ key, problem: "missing", message, flag: "--tag" });
      return;
    }
    const value = expansion.value.trim();
    if (value === "") {
      const where = fromFlags ? "--tag" : `${key} in the file`;
      problems.push({ key, problem: "invalid", message: `Invalid ${where}: a tag cannot be empty. Remove it or give it text.`, flag: "--tag" });
    } else if (!seen.has(value)) {
      seen.add(value);
      tags.push(value);
    }
  });
  return tags;
}
