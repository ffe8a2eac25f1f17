// Carrying out a plan with provision's own rules: a create goes through the existence check,
// the exactly-once create and the token store (src/provision/provision-one.ts); an update is
// provision's idempotent PATCH, with every tag (PATCH replaces them whole) and only the
// entries that change; a delete is DELETE, then the stored token is forgotten. Creates first,
// then updates, then deletes; the first failure stops the run, what was done stays done.
import { provisionOne, type ProvisionTarget } from "../provision/provision-one.ts";
import type { PlannedChange } from "./types.ts";

/** Applies each change in order; returns the changes with the ids they now have. */
export async function executePlan(changes: readonly PlannedChange[], target: ProvisionTarget, onDone: (change: PlannedChange) => void = () => undefined): Promise<PlannedChange[]> {
  const order = { create: 0, update: 1, delete: 2, none: 3 } as const;
  const done: PlannedChange[] = [];
  for (const change of [...changes].sort((a, b) => order[a.action] - order[b.action])) {
    target.signal?.throwIfAborted();
    const applied = await applyOne(change, target);
    done.push(applied);
    onDone(applied);
  }
  return done;
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
  const outcome = await provisionOne({ ...change.resolved, body: change.body }, change.action === "create" ? "fail" : "update", target);
  return { ...change, id: outcome.record.id };
}
