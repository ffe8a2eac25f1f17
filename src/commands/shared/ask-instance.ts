// The interactive side of `connector init`: asks for each value still missing, in the element's
// order, with a select where the element offers kinds (the sender: phone number, short code,
// alphanumeric ID, Messaging Service) and a check as you type taken from the element definition.
import type { Context } from "../../context.ts";
import { resolveInstance, type InstanceSources } from "../../instance/resolve.ts";
import { askByKind, checkAnswer } from "../../ui/ask-by-kind.ts";

/** Answers by entry key (and `name`) for everything missing; secret entries are left to `${VARIABLE}` references. */
export async function askInstanceAnswers(ctx: Context, sources: InstanceSources): Promise<Record<string, string>> {
  const { askSelect, askText } = await import("../../ui/prompts.ts");
  const first = resolveInstance(sources);
  const answers: Record<string, string> = {};
  if (first.promptable.some((question) => question.key === "name")) {
    answers.name = await askText(ctx, { message: "Instance name", validate: (value) => (value === "" ? "A name is required (Ctrl-C to stop)." : undefined) });
  }
  for (const entry of first.element.entries) {
    if (entry.secret || entry.platformOwned || first.body.configuration[entry.key] !== undefined) continue;
    const patterns = entry.validation.patterns ?? [];
    const oneOf = entry.validation.oneOf ?? [];
    if (oneOf.length > 1) {
      answers[entry.key] = await askSelect(
        ctx,
        entry.prompt,
        oneOf.map((value) => ({ value, name: value })),
      );
    } else if (patterns.length > 1) {
      answers[entry.key] = await askByKind(ctx, entry);
    } else {
      const answer = await askText(ctx, { message: entry.required ? entry.prompt : `${entry.prompt}, Enter to skip`, validate: (value) => checkAnswer(entry, value) });
      if (answer !== "") answers[entry.key] = answer;
    }
  }
  return answers;
}

/**
 * At a terminal, an existing file is overwritten only when the person says so (asked before any
 * other question). "No" is an answer, not a mistake: the caller writes nothing and succeeds.
 */
export async function confirmOverwrite(ctx: Context, path: string, exists: boolean): Promise<"new" | "overwrite" | "keep"> {
  if (!exists) return "new";
  const { askConfirm } = await import("../../ui/prompts.ts");
  return (await askConfirm(ctx, `${path} already exists. Overwrite it?`, false)) ? "overwrite" : "keep";
}

/** Shows what is about to be written and asks to go ahead; false leaves everything as it was. */
export async function confirmWrite(
  ctx: Context,
  document: { name: string; element: { key: string }; configuration: Record<string, string>; templates: { usageType: string }[] },
  path: string,
): Promise<boolean> {
  const rows: [string, string][] = [
    ["name", document.name],
    ["element", document.element.key],
    ...Object.entries(document.configuration),
    ["templates", document.templates.map((t) => t.usageType).join(", ")],
  ];
  const width = Math.max(...rows.map(([key]) => key.length));
  ctx.note(`\nAbout to write ${path}:\n${rows.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`).join("\n")}\n`);
  const { askConfirm } = await import("../../ui/prompts.ts");
  return askConfirm(ctx, `Write ${path}?`, true);
}
