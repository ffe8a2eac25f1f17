// `connector apply`: makes the plan (or reads a saved one and checks that nothing moved since),
// shows it, asks at a terminal, then carries it out with provision's exactly-once, retry and
// store rules, creates then updates then deletes, each phase on the batch's worker pool
// (src/plan/execute.ts). Without a terminal the plan shown is the consent, except that deleting
// (--prune) needs --yes. Failures are reported as they happen and in the result, whose exit
// code is the worst of them (the batch's order: src/batch/report.ts).
import type { Context } from "../context.ts";
import { UsageError } from "../errors.ts";
import { createProgress } from "../batch/progress.ts";
import { failureText, worstExitCode } from "../batch/report.ts";
import { exitCodeOf } from "../errors.ts";
import { executePlan, type ExecutionResult } from "../plan/execute.ts";
import { readPlanFile, verifySavedPlan } from "../plan/plan-file.ts";
import { changesDocument, countsText, planMarkdown, planText } from "../plan/render.ts";
import { errorDocument } from "../ui/output.ts";
import { createStyle, type Style } from "../ui/style.ts";
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
    ? { files: saved.inputs.files, batch: saved.inputs.batch, prune: saved.prune, replaceSecrets: saved.replaceSecrets, githubOutput: options.githubOutput, concurrency: options.concurrency }
    : options;
  const { provisioning, plan, key, concurrency } = await openPlanSession(inputs, ctx);
  try {
    if (saved) verifySavedPlan(saved, plan, key);
    if (!hasChanges(plan)) return finish(plan, { done: plan.changes, failed: [], notStarted: [] }, options, ctx);
    if (!ctx.json) announce({ data: {}, warnings: plan.warnings, text: (s) => planText(plan, s) });
    await confirm(plan, options, ctx);
    const target = await provisioning.ready();
    const progress = createProgress(ctx.status);
    progress.setTotal(plan.changes.filter((change) => change.action !== "none").length);
    const style = createStyle(ctx.color);
    const result = await executePlan(plan.changes, target, {
      concurrency,
      onDone: (change, error) => {
        progress.tick(error !== undefined);
        if (error === undefined) return;
        ctx.status?.clear();
        ctx.note(failureText({ ok: false, index: 0, source: change.source ?? `id ${change.id}`, name: `${DOING[change.action]} ${change.name}`, error }, style));
      },
    }).finally(() => progress.stop());
    return finish(plan, result, options, ctx);
  } finally {
    await provisioning.close();
  }
}

const DOING = { create: "creating", update: "updating", delete: "deleting", none: "keeping" } as const;

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

function finish(plan: Plan, result: ExecutionResult, options: ApplyOptions, ctx: Context): CommandResult {
  const done: Plan = { ...plan, changes: result.done, summary: summarize(result.done) };
  const markdown = planMarkdown(done, "connector apply", true);
  appendStepSummary(ctx.env, markdown);
  if (options.githubOutput) writeGithubOutputs(ctx.env, planOutputs(done, markdown));
  const complete = result.failed.length === 0 && result.notStarted.length === 0;
  const exitCode = complete ? 0 : result.failed.length > 0 ? worstExitCode(result.failed.map((f) => exitCodeOf(f.error))) : 130;
  return {
    data: {
      applied: complete,
      changes: changesDocument(done.changes),
      summary: done.summary,
      ...(complete ? {} : { error: { code: worstCode(result), message: shortfallText(result) }, failed: failedDocument(result), notStarted: changesDocument(result.notStarted) }),
    },
    warnings: plan.warnings,
    ...(complete ? {} : { exitCode }),
    text: (s) => (!hasChanges(plan) ? planText(plan, s) : [appliedText(done, s), ...(complete ? [] : [shortfallText(result)])].join("\n")),
  };
}

/** The `error.code` of the failure the run's exit code comes from; interrupted when none failed. */
function worstCode(result: ExecutionResult): unknown {
  const worst = worstExitCode(result.failed.map((f) => exitCodeOf(f.error)));
  const error = result.failed.find((f) => exitCodeOf(f.error) === worst)?.error;
  return error === undefined ? "interrupted" : errorDocument(error).code;
}

function failedDocument(result: ExecutionResult): Record<string, unknown>[] {
  return result.failed.map(({ change, error }) => ({ ...changesDocument([change])[0], error: errorDocument(error) }));
}

/** What was not done, and why: the failures (listed above) and the changes never started. */
function shortfallText(result: ExecutionResult): string {
  const parts: string[] = [];
  if (result.failed.length > 0) parts.push(`${result.failed.length} change${result.failed.length === 1 ? "" : "s"} failed (listed above)`);
  const deletes = result.notStarted.filter((change) => change.action === "delete").length;
  const others = result.notStarted.length - deletes;
  if (others > 0) parts.push(`${others} not started`);
  if (deletes > 0)
    parts.push(
      `${deletes} delete${deletes === 1 ? "" : "s"} of --prune not started${result.failed.some((f) => f.change.action !== "delete") ? " (a failed create or update stops every delete)" : ""}`,
    );
  return `Not applied in full: ${parts.join("; ")}. What was done stays done; fix the cause and run connector plan to see what is left.`;
}

const DONE = { create: "Created", update: "Updated", delete: "Deleted" } as const;

/** After the plan was shown: one line per change carried out, then the counts. */
function appliedText(done: Plan, s: Style): string {
  const lines = done.changes.flatMap((change) =>
    change.action === "none" ? [] : [`${s.green("✔")} ${DONE[change.action]} ${change.element} instance ${s.bold(change.name)}${change.id === undefined ? "" : ` (id ${change.id})`}`],
  );
  return [...lines, countsText(done.summary, true)].join("\n");
}
