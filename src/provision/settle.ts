// After a create: make sure this run leaves one instance behind. Two runs that provision the
// same name at the same moment both pass the existence check and both create; a POST whose
// answer was lost may still land late. Every run then looks at the instances of that name,
// and the oldest (lowest id) wins: a run removes only the instances carrying its own
// operation marker, never another run's, so the runs agree without talking to each other.
import type { InstanceBody, PlatformClient, PlatformInstance } from "../api/platform.ts";
import { InterruptedError } from "../errors.ts";
import { findByOperation } from "./create-once.ts";
import { findSameNamed } from "./find-existing.ts";

type Client = Pick<PlatformClient, "listInstances" | "deleteInstance">;

export interface Settled {
  /** The instance that stands: ours, or an older one another run created. */
  winner: PlatformInstance;
  /** True when the winner is the instance this run created. */
  ours: boolean;
  /** Ids of this run's extra instances that were deleted. */
  removed: number[];
  warnings: string[];
}

/**
 * Settles duplicates of `created`. With `onlyOwn` (--if-exists create: another instance of
 * the same name is wanted) only this run's late duplicates are considered.
 */
export async function settleDuplicates(client: Client, created: PlatformInstance, body: InstanceBody, operationId: string, onlyOwn: boolean): Promise<Settled> {
  const warnings: string[] = [];
  let all: PlatformInstance[];
  try {
    all = onlyOwn ? await findByOperation(client, body.element.key, operationId) : await findSameNamed(client, body.element.key, body.name);
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    warnings.push(`Could not check for a duplicate of instance "${body.name}" (${why}); see connector instances list --remote.`);
    return { winner: created, ours: true, removed: [], warnings };
  }
  if (!all.some((instance) => instance.id === created.id)) all.push(created);
  all.sort((a, b) => a.id - b.id);
  const winner = onlyOwn ? created : (all[0] ?? created);
  const removed: number[] = [];
  for (const extra of all) {
    if (extra.id === winner.id || extra.operationId !== operationId) continue;
    try {
      await client.deleteInstance(extra.id);
      removed.push(extra.id);
    } catch (error) {
      if (error instanceof InterruptedError) throw error;
      warnings.push(`Instance "${body.name}" was created twice (ids ${winner.id} and ${extra.id}) and the duplicate could not be deleted: delete it with connector instances delete ${extra.id}.`);
    }
  }
  return { winner, ours: winner.id === created.id, removed, warnings };
}
