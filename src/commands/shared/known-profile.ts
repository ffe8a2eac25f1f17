// A --profile that names no stored profile is usually a typo: the commands that only read a
// profile say so on stderr (with the closest stored name), and go on as before, exit code
// unchanged. The commands that write (login, provision, apply) create it as they always did.
import type { Context } from "../../context.ts";
import { suggestClosest } from "../../instance/suggest.ts";
import type { Store } from "../../store/index.ts";

/** Every profile the store knows: those with a record (login) and those with instances (provision with environment secrets). */
export async function storedProfileNames(store: Store): Promise<string[]> {
  const [records, counts] = await Promise.all([store.listProfiles(), store.countInstancesByProfile()]);
  return [...new Set([...records, ...counts.keys()])].sort();
}

/**
 * Warns when the context's profile is not stored. `default` on a store that knows no profile
 * at all is not a typo but a first run (or CI with environment secrets), and is left alone.
 */
export async function warnIfUnknownProfile(ctx: Context, store: Store): Promise<void> {
  const names = await storedProfileNames(store);
  if (names.includes(ctx.profile) || (ctx.profile === "default" && names.length === 0)) return;
  const close = suggestClosest(ctx.profile, names);
  const known = names.length ? ` Stored profiles: ${names.join(", ")}.` : " No profile is stored yet.";
  ctx.note(`Warning: no stored profile is named "${ctx.profile}"${close ? `; did you mean "${close}"?` : "."}${known}`);
}
