// Finding a stored instance by name or id, with an error that lists what there is.
import type { Context } from "../../context.ts";
import { CliError } from "../../errors.ts";
import type { InstanceRecord, Store } from "../../store/index.ts";

/** The stored instance `target` (name or id) of the context's profile, or a not_found CliError (never an ApiError: the platform was not asked). */
export async function requireStoredInstance(store: Store, ctx: Context, target: string): Promise<InstanceRecord> {
  const found = await store.findInstance(ctx.profile, target);
  if (found) return found;
  const names = (await store.listInstances(ctx.profile)).map((i) => `${i.name} (id ${i.id})`);
  // A local look-up, not the platform's answer: a plain not_found (exit 5), no status or request id.
  throw new CliError(
    "not_found",
    `No stored instance "${target}" in profile "${ctx.profile}".`,
    names.length ? `Stored instances: ${names.join(", ")}.` : `None is stored in this profile: create one with ${ctx.words.command("provision")}.`,
  );
}
