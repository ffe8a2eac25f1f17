// What a batch says about each instance as it finishes, and about the whole run at the end.
// With --json each becomes one line of NDJSON on stdout (the one documented exception to
// "exactly one JSON document"); at a terminal successes go to stdout, failures to stderr.
import { exitCodeOf, type Problem } from "../errors.ts";
import type { InstanceRecord } from "../store/index.ts";
import type { RequestPlan } from "../provision/request-plan.ts";
import { errorDocument, locationPrefix } from "../ui/output.ts";
import type { CommandResult } from "../ui/result.ts";
import type { Style } from "../ui/style.ts";

/** How one instance of the batch ended. */
export type ItemOutcome =
  | { ok: true; index: number; source: string; record: InstanceRecord; action: "created" | "kept" | "updated"; warnings: string[] }
  | { ok: true; index: number; source: string; plan: RequestPlan; name: string; element: string; warnings: string[] }
  | { ok: false; index: number; source: string; name?: string; error: unknown };

/**
 * Exit codes of failed instances, most serious first: the batch exits with the first one any
 * instance had. Interrupted (the run is incomplete), a bug, a token not stored (an instance
 * exists that only a skip run can store), refused credentials (nothing can work), the network,
 * the platform's refusal, then an instance's own invalid configuration.
 */
export const EXIT_PRECEDENCE = [130, 1, 9, 4, 6, 5, 7, 3, 2] as const;

/** The batch's exit code for the exit codes of its failed instances (0 when there are none). */
export function worstExitCode(codes: Iterable<number>): number {
  const seen = new Set(codes);
  if (seen.size === 0) return 0;
  return EXIT_PRECEDENCE.find((code) => seen.has(code)) ?? Math.max(...seen);
}

const VERBS = { created: "created", kept: "kept existing", updated: "updated" } as const;

/** The result printed for an instance that succeeded: one NDJSON line, or one line of text. */
export function itemResult(outcome: Extract<ItemOutcome, { ok: true }>, profile: string, showToken: boolean): CommandResult {
  const base = { type: "instance", index: outcome.index, source: outcome.source };
  if ("plan" in outcome) {
    return {
      data: { ...base, dryRun: true, name: outcome.name, element: outcome.element, profile, request: outcome.plan },
      warnings: outcome.warnings,
      text: (s) => `${s.dim("•")} would ${outcome.plan.method} ${s.bold(outcome.name)} to ${outcome.plan.url}  ${s.dim(outcome.source)}`,
    };
  }
  const { record, action } = outcome;
  return {
    data: {
      ...base,
      id: record.id,
      name: record.name,
      element: record.element,
      profile,
      created: action === "created",
      action,
      baseUrl: record.baseUrl,
      tags: record.tags,
      ...(showToken ? { token: record.token } : {}),
    },
    reveal: showToken ? [record.token] : [],
    warnings: outcome.warnings,
    text: (s) => `${s.green("✔")} ${VERBS[action]} ${s.bold(record.name)} (id ${record.id})  ${s.dim(outcome.source)}${showToken ? `  token ${record.token}` : ""}`,
  };
}

/** The NDJSON line of an instance that failed: its own error document and exit code. */
export function failureResult(outcome: Extract<ItemOutcome, { ok: false }>): CommandResult {
  return {
    data: { type: "instance", index: outcome.index, source: outcome.source, ...(outcome.name ? { name: outcome.name } : {}), error: errorDocument(outcome.error) },
    exitCode: exitCodeOf(outcome.error),
    text: () => "",
  };
}

/** A failed instance for a person (stderr): what, where, every problem, and the next step. */
export function failureText(outcome: Extract<ItemOutcome, { ok: false }>, s: Style): string {
  const doc = errorDocument(outcome.error) as { message: string; hint?: string; problems?: Problem[]; requestId?: string };
  const who = outcome.name ? `${s.bold(outcome.name)} (${outcome.source})` : outcome.source;
  const lines = [`${s.red("✖")} ${who}: ${doc.message}`];
  for (const problem of doc.problems ?? []) lines.push(`    ${s.red("✖")} ${locationPrefix(problem)}${problem.message}`);
  if (doc.requestId) lines.push(s.dim(`    request id: ${doc.requestId}`));
  if (doc.hint) lines.push(`    ${s.cyan("→")} ${doc.hint}`);
  return lines.join("\n");
}
