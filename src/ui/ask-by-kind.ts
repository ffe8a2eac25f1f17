// Asking for one entry the way the element describes it: a select of the kinds of value an
// entry accepts (the sender: phone number, short code, alphanumeric ID, Messaging Service), then
// the value checked as it is typed. init and provision both ask this way.
import type { EntryDefinition } from "../elements/index.ts";
import { checkEntryValue } from "../elements/check-value.ts";
import type { Asking } from "./prompts.ts";

/**
 * Asks for an entry that has several kinds of value (the sender: phone number, short code,
 * alphanumeric ID, Messaging Service): first the kind, then the value checked against it. An
 * empty answer goes back to the choice of kind. `check` adds the caller's own check of the value.
 */
export async function askByKind(ctx: Asking, entry: EntryDefinition, check: (value: string) => string | undefined = () => undefined): Promise<string> {
  const { askSelect, askText } = await import("./prompts.ts");
  const patterns = entry.validation.patterns ?? [];
  const title = `${entry.label[0]?.toUpperCase()}${entry.label.slice(1)}`;
  for (;;) {
    const kind = await askSelect(
      ctx,
      `${title}: which kind?`,
      patterns.map((pattern, index) => ({ value: String(index), name: pattern.describes })),
    );
    const pattern = patterns[Number(kind)] ?? { regex: ".*", describes: entry.label };
    const example = entry.example !== undefined && new RegExp(pattern.regex).test(entry.example) ? entry.example : undefined;
    const answer = await askText(ctx, {
      message: `${title} (${pattern.describes}) [Backspace, Enter: another kind]`,
      default: example,
      validate: (value) => (value === "" ? undefined : (checkPattern(entry, pattern.regex, pattern.describes, value) ?? check(value))),
    });
    if (answer !== "") return answer;
  }
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
