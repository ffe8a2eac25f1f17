// `connector apply`: makes the plan (or reads a saved one and checks that nothing moved since),
// shows it, asks at a terminal, then carries it out with provision's exactly-once, retry and
// store rules (src/plan/execute.ts). Without a terminal the plan shown is the consent, except
// that deleting (--prune) needs --yes.
import type { Context } from "../context.ts";
import { UsageError } from "../errors.ts";
import { executePlan } from "../plan/execute.ts";
import { readPlanFile, verifySavedPlan } from "../plan/plan-file.ts";
import { changesDocument, countsText, planMarkdown, planText } from "../plan/render.ts";
import type { Style } from "../ui/style.ts";
import { hasChanges, summarize, type Plan } from "../plan/types.ts";
import type { CommandResult } from "../ui/result.ts";
import { appendStepSummary, writeGithubOutputs } from "../ui/github.ts";
import { openPlanSession, planOutputs, type PlanInputOptions } from "./plan.ts";

export interface ApplyOptions extends PlanInputOptions {
  yes: boolean;
  /** A plan saved by `plan --out`. */
  plan?: string;
}

/** Applies the plan; see the file comment. */
export async function apply(options: ApplyOptions, ctx: Context, announce: (result: CommandResult) => void = () => undefined): Promise<CommandResult> {
  const saved = options.plan === undefined ? undefined : readPlanFile(options.plan);
  if (saved && (options.files.length > 0 || options.batch !== undefined || options.prune !== undefined)) {
    throw new UsageError(
      "--plan carries out a saved plan: it takes no --file, --batch or --prune (the plan names its own).",
      "Run connector apply --plan plan.json alone, or connector apply --file <dir> without --plan.",
    );
  }
  const inputs: PlanInputOptions = saved
    ? { files: saved.inputs.files, batch: saved.inputs.batch, prune: saved.prune, replaceSecrets: saved.replaceSecrets, githubOutput: options.githubOutput }
    : options;
  const { provisioning, plan, key } = await openPlanSession(inputs, ctx);
  try {
    if (saved) verifySavedPlan(saved, plan, key);
    if (!hasChanges(plan)) return finish(plan, plan, options, ctx);
    if (!ctx.json) announce({ data: {}, warnings: plan.warnings, text: (s) => planText(plan, s) });
    await confirm(plan, options, ctx);
    const done = await executePlan(plan.changes, await provisioning.ready());
    return finish(plan, { ...plan, changes: done, summary: summarize(done) }, options, ctx);
  } finally {
    await provisioning.close();
  }
}

/** Asks at a terminal; elsewhere the plan shown is enough, except for deletes without --yes. */
async function confirm(plan: Plan, options: ApplyOptions, ctx: Context): Promise<void> {
  if (options.yes) return;
  if (!ctx.interactive) {
    if (plan.summary.delete > 0)
      throw new UsageError(
        `The plan deletes ${plan.summary.delete} instance${plan.summary.delete === 1 ? "" : "s"}; without a terminal that needs --yes. Nothing was changed.`,
        "Review the plan (connector plan --prune ...), then run connector apply ... --yes.",
      );
    return;
  }
  const { askConfirm } = await import("../ui/prompts.ts");
  if (!(await askConfirm(ctx, "Apply these changes?", false))) throw new UsageError("Not applied: nothing was changed.", "Run connector apply again and answer yes, or pass --yes.");
}

function finish(plan: Plan, done: Plan, options: ApplyOptions, ctx: Context): CommandResult {
  const markdown = planMarkdown(done, "connector apply", true);
  appendStepSummary(ctx.env, markdown);
  if (options.githubOutput) writeGithubOutputs(ctx.env, planOutputs(done, markdown));
  return {
    data: { applied: true, changes: changesDocument(done.changes), summary: done.summary },
    warnings: plan.warnings,
    text: (s) => (hasChanges(plan) ? appliedText(done, s) : planText(plan, s)),
  };
}

const DONE = { create: "Created", update: "Updated", delete: "Deleted" } as const;

/** After the plan was shown: one line per change carried out, then the counts. */
function appliedText(done: Plan, s: Style): string {
  const lines = done.changes.flatMap((change) =>
    change.action === "none" ? [] : [`${s.green("✔")} ${DONE[change.action]} ${change.element} instance ${s.bold(change.name)}${change.id === undefined ? "" : ` (id ${change.id})`}`],
  );
  return [...lines, countsText(done.summary, true)].join("\n");
}
