// `connector provision` over many instances: several --file arguments, directories, or
// --batch NDJSON (src/batch/sources.ts), `--concurrency` of them in flight over one platform
// client (one keep-alive connection pool), each provisioned exactly as a single file is
// (src/provision/provision-one.ts) and reported as it finishes. One instance's failure is its
// own; the summary's exit code is 0 only when every instance succeeded (report.ts).
import type { Context } from "../context.ts";
import { UsageError } from "../errors.ts";
import { DEFAULT_ELEMENT } from "../elements/index.ts";
import type { InstanceFlags } from "../instance/flags.ts";
import type { IfExists } from "../provision/provision-one.ts";
import { withProvisioningSession } from "../provision/session.ts";
import { planInstanceRequest } from "../provision/request-plan.ts";
import type { CommandResult } from "../ui/result.ts";
import { createStyle } from "../ui/style.ts";
import { appendStepSummary, errorAnnotations, inGithubActions, writeGithubOutputs } from "../ui/github.ts";
import { createSummaryRows } from "./step-summary.ts";
import { platformElementLookup } from "../platform/element-metadata.ts";
import { runPool } from "./pool.ts";
import { prepareItem, type ElementLookup, type PreparedItem } from "./prepare.ts";
import { createProgress } from "./progress.ts";
import { failureResult, failureText, itemResult, type ItemOutcome } from "./report.ts";
import { inShard, type Shard } from "./shard.ts";
import { checkBatchInput, countBatchItems, readBatchItems, type BatchInput } from "./sources.ts";
import { createStoreBatcher } from "./store-batcher.ts";
import { createTally } from "./summary.ts";

export interface BatchOptions extends InstanceFlags, BatchInput {
  concurrency: number;
  shard?: Shard;
  ifExists: IfExists;
  dryRun: boolean;
  showToken: boolean;
  /** Write the ids and names to $GITHUB_OUTPUT. */
  githubOutput?: boolean;
}

type Announce = (result: CommandResult) => void;

/** Provisions every instance of the batch; the result is the summary (the last NDJSON line). */
export async function provisionBatch(options: BatchOptions, ctx: Context, announce: Announce): Promise<CommandResult> {
  if (options.name !== undefined)
    throw new UsageError(
      "--name names one instance; in a batch each file or line gives its own name.",
      "Put each instance's name in its file (or NDJSON line), or provision one file at a time with --name.",
    );
  await checkBatchInput(options);
  // No spinner per request: the progress bar says that the batch is waiting.
  return withProvisioningSession(ctx, { spinner: false }, async (session) => {
    if (!options.dryRun) session.credentials();
    const { baseUrl, credentials } = session.target;
    const lookUpElement = platformElementLookup(ctx, { baseUrl, credentials, fetch: !options.dryRun });
    // Asks the platform once before the first instance: wrong secrets fail the batch (exit 4), not each instance.
    await lookUpElement(options.element?.trim() || DEFAULT_ELEMENT);
    // Proved before the first create, so a store that cannot be written fails the batch with nothing made.
    if (!options.dryRun) await session.ready();
    const saver = createStoreBatcher(session.store);
    const startedAt = Date.now();
    const tally = createTally();
    const progress = createProgress(ctx.status, () => ctx.rateLimits.pacedRate());
    if (ctx.status)
      void countBatchItems(options).then(
        (total) => progress.setTotal(total && options.shard ? Math.round(total / options.shard.count) : total),
        () => undefined,
      );
    const style = createStyle(ctx.color);
    const rows = createSummaryRows();
    const report = (outcome: ItemOutcome) => {
      tally.add(outcome);
      rows.add(outcome);
      progress.tick(!outcome.ok);
      ctx.status?.clear();
      if (outcome.ok) announce(itemResult(outcome, ctx.profile, options.showToken));
      else if (ctx.json) announce(failureResult(outcome));
      else ctx.note(failureText(outcome, style));
      if (!outcome.ok && inGithubActions(ctx.env)) for (const line of errorAnnotations(outcome.error)) ctx.note(line);
    };

    try {
      await runPool(
        prepareAll(options, ctx, lookUpElement),
        options.concurrency,
        async (item, release) => {
          if (item.error !== undefined || !item.resolved) {
            report({ ok: false, index: item.index, source: item.source, name: item.name, error: item.error });
            return;
          }
          const { resolved } = item;
          const common = { index: item.index, source: item.source, warnings: resolved.warnings };
          if (options.dryRun) {
            const plan = planInstanceRequest(session.target.baseUrl, resolved.body, resolved.element, ctx.version);
            report({ ...common, ok: true, plan, name: resolved.body.name, element: resolved.element.key });
            return;
          }
          try {
            const outcome = await session.provision(resolved, options.ifExists, saver.forItem(release));
            report({ ...common, ok: true, record: outcome.record, action: outcome.action, warnings: [...resolved.warnings, ...outcome.warnings] });
          } catch (error) {
            report({ ok: false, index: item.index, source: item.source, name: item.name, error });
          }
        },
        ctx.signal,
      );
    } finally {
      progress.stop();
      await saver.flush();
    }
    const summary = tally.summarize({ startedAt, concurrency: options.concurrency, shard: options.shard, dryRun: options.dryRun, interrupted: ctx.signal.aborted, rateLimits: ctx.rateLimits.stats() });
    appendStepSummary(ctx.env, rows.markdown(summary.text(createStyle(false))));
    if (options.githubOutput) writeGithubOutputs(ctx.env, rows.outputs());
    return summary;
  });
}

/** The items of this shard, parsed and validated one at a time as the pool asks for them. */
async function* prepareAll(options: BatchOptions, ctx: Context, lookUpElement: ElementLookup): AsyncGenerator<PreparedItem> {
  for await (const raw of readBatchItems(options, ctx.stdin, ctx.signal)) {
    const item = await prepareItem(raw, options, ctx.env, lookUpElement);
    if (inShard(item.shardKey, options.shard)) yield item;
  }
}
