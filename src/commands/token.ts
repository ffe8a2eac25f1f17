// `connector token`: the stored token alone on stdout, for `$(connector token acme-sms)`.
import type { Context } from "../context.ts";
import { openStore } from "../store/index.ts";
import { warnIfUnknownProfile } from "./shared/known-profile.ts";
import type { CommandResult } from "../ui/result.ts";
import { requireStoredInstance } from "./shared/stored-instance.ts";

/** Prints the instance token: the one command whose purpose is to reveal a secret. */
export async function printToken(options: { target: string }, ctx: Context): Promise<CommandResult> {
  const store = openStore(ctx.configDir);
  await warnIfUnknownProfile(ctx, store);
  const instance = await requireStoredInstance(store, ctx, options.target);
  return {
    data: { id: instance.id, name: instance.name, token: instance.token },
    reveal: [instance.token],
    text: () => instance.token,
  };
}
