// The counts of a batch as it runs, and the summary it ends with: the last NDJSON line with
// --json, a few lines of text otherwise. Its exit code is 0 only when every instance succeeded.
import { CliError, exitCodeOf } from "../errors.ts";
import type { CommandResult } from "../ui/result.ts";
import type { Shard } from "./shard.ts";
import type { ItemOutcome } from "./report.ts";
import { worstExitCode } from "./report.ts";

export interface Tally {
  add(outcome: ItemOutcome): void;
  readonly done: number;
  readonly failed: number;
}

export interface SummaryContext {
  startedAt: number;
  concurrency: number;
  shard?: Shard;
  dryRun: boolean;
  interrupted: boolean;
  /** The 429s the run got and how long they paused it (the context's rate limits). */
  rateLimits?: { rateLimited: number; waitedMs: number };
  now?: () => number;
}

/** The summary's line about 429s, or undefined when none came. */
export function rateLimitLine(stats: { rateLimited: number; waitedMs: number } | undefined): string | undefined {
  if (!stats || stats.rateLimited === 0) return undefined;
  const times = stats.rateLimited === 1 ? "once" : `${stats.rateLimited} times`;
  return `Rate-limited: the platform answered 429 (too many requests) ${times}; requests were paused ${(stats.waitedMs / 1000).toFixed(1)} s in all for it and then paced (none counted as a failure).`;
}

/** Running counts of a batch, with the exit codes and error codes of its failures. */
export function createTally(): Tally & { summarize(context: SummaryContext): CommandResult } {
  const actions = { created: 0, kept: 0, updated: 0, planned: 0 };
  const exitCodes: number[] = [];
  const errors: Record<string, number> = {};
  let done = 0;
  let failed = 0;
  return {
    get done() {
      return done;
    },
    get failed() {
      return failed;
    },
    add(outcome) {
      done++;
      if (!outcome.ok) {
        failed++;
        exitCodes.push(exitCodeOf(outcome.error));
        const code = outcome.error instanceof CliError ? outcome.error.code : "internal";
        errors[code] = (errors[code] ?? 0) + 1;
      } else if ("plan" in outcome) {
        actions.planned++;
      } else {
        actions[outcome.action]++;
      }
    },
    summarize(context) {
      const durationMs = Math.round((context.now ?? Date.now)() - context.startedAt);
      const perSecond = durationMs > 0 ? Math.round((done * 10_000) / durationMs) / 10 : 0;
      const exitCode = context.interrupted ? 130 : worstExitCode(exitCodes);
      const shard = context.shard ? `${context.shard.index}/${context.shard.count}` : undefined;
      const counts = context.dryRun ? { planned: actions.planned } : { created: actions.created, kept: actions.kept, updated: actions.updated };
      return {
        data: {
          type: "summary",
          total: done,
          succeeded: done - failed,
          failed,
          ...counts,
          ...(failed > 0 ? { errors } : {}),
          ...(shard ? { shard } : {}),
          ...(context.dryRun ? { dryRun: true } : {}),
          ...(context.interrupted ? { interrupted: true } : {}),
          concurrency: context.concurrency,
          rateLimited: context.rateLimits?.rateLimited ?? 0,
          rateLimitWaitMs: context.rateLimits?.waitedMs ?? 0,
          durationMs,
          perSecond,
          exitCode,
        },
        exitCode,
        text: (s) => {
          const what = context.dryRun ? `${actions.planned} planned, nothing sent` : `${actions.created} created, ${actions.kept} kept, ${actions.updated} updated`;
          const where = shard ? ` (shard ${shard})` : "";
          const head = `${failed === 0 && !context.interrupted ? s.green("✔") : s.red("✖")} ${done - failed} of ${done} instances succeeded${where}: ${what}`;
          const lines = [`${head}; ${(durationMs / 1000).toFixed(1)} s, ${perSecond}/s.`];
          const limited = rateLimitLine(context.rateLimits);
          if (limited) lines.push(limited);
          if (context.interrupted) lines.push("Interrupted: instances not yet started were left alone. Run the same command again with --if-exists skip to finish.");
          if (failed > 0) lines.push(`${failed} failed (listed above, exit code ${exitCode}). Fix them and run the same command again with --if-exists skip: what is done is kept.`);
          return lines.join("\n");
        },
      };
    },
  };
}
