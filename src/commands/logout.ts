// `connector logout`: forget the profile's base URL and platform secrets, in the store file and
// in the OS keychain when the profile keeps them there; instance tokens stay.
import type { Context } from "../context.ts";
import { openStore } from "../store/index.ts";
import type { CommandResult } from "../ui/result.ts";
import { forgetKeychainEntries } from "./shared/place-secrets.ts";

/** Removes the stored profile and its keychain entries. Instances stored under it are kept (delete them explicitly). */
export async function logout(ctx: Context): Promise<CommandResult> {
  const store = openStore(ctx.configDir);
  const profile = await store.getProfile(ctx.profile);
  if (profile?.secretStore === "keychain") await forgetKeychainEntries(ctx);
  const removed = await store.deleteProfile(ctx.profile);
  const kept = (await store.listInstances(ctx.profile)).length;
  return {
    data: { profile: ctx.profile, removed, instancesKept: kept },
    text: (s) =>
      removed
        ? `${s.green("✔")} Removed the secrets of profile "${ctx.profile}".${kept ? ` ${kept} stored instance token(s) kept; remove them with connector instances delete --local-only.` : ""}`
        : `Profile "${ctx.profile}" had no stored secrets; nothing to remove.`,
  };
}
