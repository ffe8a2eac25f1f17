// `connector instances delete`: DELETE on the platform, then forget the stored token.
import type { Context } from "../context.ts";
import { ApiError, InterruptedError, UsageError } from "../errors.ts";
import { openStore } from "../store/index.ts";
import { warnIfUnknownProfile } from "./shared/known-profile.ts";
import type { CommandResult } from "../ui/result.ts";
import { connectPlatform, platformOfInstance, requirePlatform } from "../platform/target.ts";
import { requireStoredInstance } from "./shared/stored-instance.ts";

export interface DeleteOptions {
  target: string;
  localOnly: boolean;
  yes: boolean;
}

/** Deletes the instance; a platform 404 still forgets the local token, and says so. */
export async function deleteInstance(options: DeleteOptions, ctx: Context): Promise<CommandResult> {
  const store = openStore(ctx.configDir);
  await warnIfUnknownProfile(ctx, store);
  const stored = await store.findInstance(ctx.profile, options.target);
  const id = stored?.id ?? (/^\d+$/.test(options.target) && !options.localOnly ? Number(options.target) : (await requireStoredInstance(store, ctx, options.target)).id);
  const label = stored ? `${stored.name} (id ${id})` : `instance ${id}`;
  await confirm(options, ctx, options.localOnly ? `Forget the stored token of ${label}? The platform keeps the instance.` : `Delete ${label} on the platform? This cannot be undone.`);
  const warnings: string[] = [];
  if (!options.localOnly) {
    const target = stored ? { ...(await requirePlatform(ctx, store)), baseUrl: platformOfInstance(ctx, stored.baseUrl, label) } : await requirePlatform(ctx, store);
    const client = await connectPlatform(ctx, target);
    try {
      await client.deleteInstance(id);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === "not_found" && stored)) throw error;
      warnings.push(`The platform has no instance ${id} any more; forgetting the stored token anyway.`);
    } finally {
      await client.close();
    }
  }
  const forgotten = stored ? await store.removeInstance(ctx.profile, stored.baseUrl, stored.id) : false;
  return {
    data: { id, deleted: true, remote: !options.localOnly, forgotten },
    warnings,
    text: (s) => `${s.green("✔")} ${options.localOnly ? "Forgot the token of" : "Deleted"} ${label}${!options.localOnly && forgotten ? " and forgot its token" : ""}.`,
  };
}

async function confirm(options: DeleteOptions, ctx: Context, question: string): Promise<void> {
  if (options.yes) return;
  if (!ctx.interactive) throw new UsageError("Refusing to delete without confirmation in a non-interactive run.", "Pass --yes to confirm.");
  const { askConfirm } = await import("../ui/prompts.ts");
  if (!(await askConfirm(ctx, question))) throw new InterruptedError("Not deleted: you declined.");
}
