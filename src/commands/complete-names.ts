// `connector __complete instances|profiles` (hidden): the stored names the completion scripts
// offer, one a line. It never fails loudly: a shell completing a word has nowhere to show errors.
import type { Context } from "../context.ts";
import { openStore } from "../store/index.ts";
import type { CommandResult } from "../ui/result.ts";

/** Names of the profile's stored instances, or of the stored profiles; nothing when the store is unreadable. */
export async function completeNames(options: { kind: string }, ctx: Context): Promise<CommandResult> {
  let names: string[] = [];
  try {
    const store = openStore(ctx.configDir);
    names = options.kind === "profiles" ? await store.listProfiles() : [...new Set((await store.listInstances(ctx.profile)).map((i) => i.name))];
  } catch {
    names = [];
  }
  return { data: { names }, text: () => names.join("\n") };
}
