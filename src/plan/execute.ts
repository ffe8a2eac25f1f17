// Carrying out a plan with provision's own rules: a create goes through the exactly-once create
// and the token store (src/provision/provision-one.ts), the plan's own look-up standing for its
// existence check; an update is provision's idempotent PATCH, with every tag (PATCH replaces
// them whole) and only the entries that change; a delete is DELETE, then the stored token is
// forgotten. Three phases, in order, each on the batch's worker pool (`concurrency` changes in
// flight, tokens written in groups): creates, then updates, then deletes.
//
// A failure is the change's own: the others of its phase are independent of it and still run,
// as the updates after a failed create do. The deletes of --prune depend on every create and
// update (they remove what the files no longer want only once the files' instances are in
// place): after any failure none of them starts. A failure that would fail every change alike
// (refused credentials, a token that could not be stored, a Ctrl-C, a bug) starts nothing more
// at all. What is in flight always finishes, and what was done stays done (docs/plan-apply.md).
import { ApiError, InterruptedError, NotStoredError, CliError } from "../errors.ts";
import { runPool } from "../batch/pool.ts";
import { createStoreBatcher } from "../batch/store-batcher.ts";
import { provisionOne, type ProvisionTarget } from "../provision/provision-one.ts";
import type { PlannedChange } from "./types.ts";

export interface ExecuteOptions {
  /** Changes in flight at once within a phase (`--concurrency`). */
  concurrency: number;
  /** Called as each change ends: `error` is set when it failed. */
  onDone?: (change: PlannedChange, error?: unknown) => void;
}

/** A change that failed, with its error. */
export interface FailedChange {
  change: PlannedChange;
  error: unknown;
}

export interface ExecutionResult {
  /** The changes carried out (and the unchanged ones), in plan order, with the ids they now have. */
  done: PlannedChange[];
  failed: FailedChange[];
  /** Changes never started because of a failure, in plan order. */
  notStarted: PlannedChange[];
}

const PHASES = ["create", "update", "delete"] as const;

/** Applies the changes phase by phase; never throws for a change's own failure (see `failed`). */
export async function executePlan(changes: readonly PlannedChange[], target: ProvisionTarget, options: ExecuteOptions): Promise<ExecutionResult> {
  const outcome = new Map<PlannedChange, PlannedChange | FailedChange>();
  const failed: FailedChange[] = [];
  // Stops the pool from starting anything more (Ctrl-C aborts it too); what is in flight ends.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  target.signal?.addEventListener("abort", onAbort, { once: true });
  const saver = createStoreBatcher(target.store);
  try {
    for (const phase of PHASES) {
      if (stop.signal.aborted || (phase === "delete" && failed.length > 0)) break;
      const todo = changes.filter((change) => change.action === phase);
      await runPool(
        todo,
        options.concurrency,
        async (change, release) => {
          try {
            const applied = await applyOne(change, { ...target, store: saver.forItem(release) });
            outcome.set(change, applied);
            options.onDone?.(applied);
          } catch (error) {
            const failure = { change, error };
            failed.push(failure);
            outcome.set(change, failure);
            if (stopsTheRun(error)) stop.abort();
            options.onDone?.(change, error);
          }
        },
        stop.signal,
      );
    }
  } finally {
    target.signal?.removeEventListener("abort", onAbort);
    await saver.flush();
  }
  const done: PlannedChange[] = [];
  const notStarted: PlannedChange[] = [];
  for (const change of changes) {
    const result = change.action === "none" ? change : outcome.get(change);
    if (result === undefined) notStarted.push(change);
    else if (!("error" in result)) done.push(result);
  }
  return { done, failed: changes.flatMap((change) => failed.filter((f) => f.change === change)), notStarted };
}

/** True for a failure every other change would meet too: nothing more is started after it. */
export function stopsTheRun(error: unknown): boolean {
  if (!(error instanceof CliError)) return true; // a bug
  return error instanceof InterruptedError || error instanceof NotStoredError || (error instanceof ApiError && error.code === "auth");
}

async function applyOne(change: PlannedChange, target: ProvisionTarget): Promise<PlannedChange> {
  if (change.action === "none") return change;
  if (change.action === "delete") {
    if (change.id === undefined) return change;
    await target.client.deleteInstance(change.id);
    await target.store.removeInstance(target.profile, target.baseUrl, change.id);
    return change;
  }
  if (!change.resolved || !change.body) return change;
  // The plan has just looked this name up, as provision's existence check does: no second search.
  const known = { existing: change.action === "create" ? undefined : change.current };
  const outcome = await provisionOne({ ...change.resolved, body: change.body }, change.action === "create" ? "fail" : "update", target, known);
  return { ...change, id: outcome.record.id };
}
