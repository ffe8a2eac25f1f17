// Finding a stored instance by name or id, with an error that lists what there is.
import type { Context } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import type { InstanceRecord, Store } from "../../store/index.ts";

/** The stored instance `target` (name or id) of the context's profile, or a not_found error. */
export async function requireStoredInstance(store: Store, ctx: Context, target: string): Promise<InstanceRecord> {
  const found = await store.findInstance(ctx.profile, target);
  if (found) return found;
  const names = (await store.listInstances(ctx.profile)).map((i) => `${i.name} (id ${i.id})`);
  throw new ApiError(
    "not_found",
    `No stored instance "${target}" in profile "${ctx.profile}".`,
    undefined,
    undefined,
    names.length ? `Stored instances: ${names.join(", ")}.` : "None is stored in this profile: create one with connector provision.",
  );
}
