// `connector plan`: what `apply` would change on the platform, field by field; changes
// nothing. `--out` saves the plan for `apply --plan`; `--detailed-exitcode` exits 8 when the
// plan has changes. In GitHub Actions the table is appended to the step summary.
import type { Context } from "../context.ts";
import type { BatchInput } from "../batch/sources.ts";
import { parseConcurrency } from "../batch/options.ts";
import { createProgress } from "../batch/progress.ts";
import { platformElementLookup } from "../platform/element-metadata.ts";
import { openProvisioningSession, type ProvisioningSession } from "../provision/session.ts";
import { defaultInput, readDesired } from "../plan/desired.ts";
import { fingerprintKey, type FingerprintKey } from "../plan/fingerprint.ts";
import { makePlan } from "../plan/make-plan.ts";
import { writePlanFile } from "../plan/plan-file.ts";
import { changesDocument, planMarkdown, planText } from "../plan/render.ts";
import { hasChanges, type Plan } from "../plan/types.ts";
import { EXIT_PLAN_HAS_CHANGES } from "../errors.ts";
import type { CommandResult } from "../ui/result.ts";
import { appendStepSummary, capList, writeGithubOutputs } from "../ui/github.ts";

export interface PlanInputOptions extends BatchInput {
  prune?: string;
  replaceSecrets: boolean;
  githubOutput: boolean;
  /** `--concurrency` as given: look-ups (and apply's changes) in flight at once; default 8. */
  concurrency?: string;
}

export interface PlanOptions extends PlanInputOptions {
  out?: string;
  detailedExitcode: boolean;
}

/** Everything a plan is made with; close `provisioning` when done (apply provisions over it). */
export interface PlanSession {
  provisioning: ProvisioningSession;
  key: FingerprintKey;
  plan: Plan;
  /** `--concurrency`, checked: apply runs its changes with it too. */
  concurrency: number;
}

/** Reads the files (every problem first, exit 3), then the platform, and makes the plan. */
export async function openPlanSession(options: PlanInputOptions, ctx: Context): Promise<PlanSession> {
  const concurrency = parseConcurrency(options.concurrency);
  const input = defaultInput(options, ctx);
  // No spinner per request: the progress bar says what is being waited for.
  const provisioning = await openProvisioningSession(ctx, { outcome: "nothing was read", spinner: false });
  const { baseUrl } = provisioning.target;
  const credentials = provisioning.credentials();
  const lookUp = platformElementLookup(ctx, { baseUrl, credentials, fetch: true });
  const desired = await readDesired(input, ctx, lookUp, options.prune);
  const key = fingerprintKey(ctx.env, credentials);
  const progress = createProgress(ctx.status);
  progress.setTotal(desired.length);
  try {
    const plan = await makePlan(await provisioning.connect(), {
      desired,
      concurrency,
      onRead: () => progress.tick(false),
      signal: ctx.signal,
      inputs: { files: input.files, ...(input.batch === undefined ? {} : { batch: input.batch }) },
      prune: options.prune,
      replaceSecrets: options.replaceSecrets,
      baseUrl,
      profile: ctx.profile,
      key,
    });
    return { provisioning, key, plan, concurrency };
  } catch (error) {
    await provisioning.close();
    throw error;
  } finally {
    progress.stop();
  }
}

/** The plan's GitHub step outputs: how many changes, the Markdown summary, ids and names. */
export function planOutputs(plan: Pick<Plan, "changes" | "summary">, markdown: string): Record<string, string> {
  const changing = plan.changes.filter((change) => change.action !== "none");
  return {
    changes: String(changing.length),
    summary: markdown,
    ids: JSON.stringify(capList(plan.changes.flatMap((change) => (change.id === undefined ? [] : [change.id])))),
    names: JSON.stringify(capList(plan.changes.map((change) => change.name))),
  };
}

/** Makes the plan, saves it with --out, and reports it. */
export async function plan(options: PlanOptions, ctx: Context): Promise<CommandResult> {
  const session = await openPlanSession(options, ctx);
  await session.provisioning.close();
  const made = session.plan;
  if (options.out) writePlanFile(options.out, made, session.key);
  const markdown = planMarkdown(made, "connector plan");
  appendStepSummary(ctx.env, markdown);
  if (options.githubOutput) writeGithubOutputs(ctx.env, planOutputs(made, markdown));
  const changing = hasChanges(made);
  return {
    data: { changes: changesDocument(made.changes), summary: made.summary, ...(options.out ? { out: options.out } : {}) },
    warnings: made.warnings,
    ok: true,
    ...(options.detailedExitcode && changing ? { exitCode: EXIT_PLAN_HAS_CHANGES } : {}),
    text: (s) => planText(made, s) + (options.out ? `\nSaved to ${options.out}: apply it with connector apply --plan ${options.out}` : ""),
  };
}
