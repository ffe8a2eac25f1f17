// `connector doctor`: a checklist of everything connector depends on, from Node's version to
// whether each stored instance still exists, so a person (or a CI log) sees what is wrong.
import { clientOptionsOf, type Context } from "../context.ts";
import { checkBaseUrl, checkNode, checkProfile, checkProxy, checkState } from "../doctor/local-checks.ts";
import { checkDns, checkInstances, checkPlatform } from "../doctor/platform-checks.ts";
import { renderChecklist, verdictOf } from "../doctor/report.ts";
import type { Check } from "../doctor/types.ts";
import { checkProxyVariables } from "../api/proxy.ts";
import { platformSecretsOf } from "../platform/target.ts";
import { withStoredSecrets } from "../platform/stored-secrets.ts";
import { checkSecretStorage } from "../doctor/secret-storage.ts";
import { CliError } from "../errors.ts";
import { openStore, type InstanceRecord, type ProfileRecord } from "../store/index.ts";
import type { CommandResult } from "../ui/result.ts";

/** Runs every check; a failed one makes the exit code of its kind (3 secrets, 4 auth, 6 network). */
export async function doctor(ctx: Context): Promise<CommandResult> {
  checkProxyVariables(ctx.env); // a malformed proxy variable is a usage error, as in every other command
  const store = openStore(ctx.configDir);
  const checks: Check[] = [checkNode()];
  const state = await checkState(ctx.configDir, store);
  checks.push(state.check);
  let profile: ProfileRecord | undefined;
  let stored: InstanceRecord[] = [];
  let unreadable: CliError | undefined;
  if (state.readable) {
    profile = await store.getProfile(ctx.profile);
    stored = await store.listInstances(ctx.profile);
    try {
      profile = await withStoredSecrets(ctx, profile);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      unreadable = error; // a keychain that answers nothing, or has lost an entry: the secrets check says so
    }
  }
  checks.push(...checkProfile(ctx, profile, unreadable));
  if (state.readable) checks.push(await checkSecretStorage(ctx, store));
  const { check: baseCheck, baseUrl } = checkBaseUrl(ctx, profile);
  checks.push(baseCheck, await checkProxy(baseUrl, ctx.env), await checkDns(baseUrl, ctx.env));
  const { userSecret, orgSecret } = platformSecretsOf(ctx, profile);
  const credentials = userSecret && orgSecret ? { userSecret, orgSecret } : undefined;
  const { createPlatformClient } = await import("../api/platform.ts");
  const client = createPlatformClient({
    baseUrl,
    credentials: credentials ?? { userSecret: "", orgSecret: "" },
    ...clientOptionsOf(ctx),
    retries: 0, // a diagnosis reports the first failure instead of hiding it behind retries
    onWait: ctx.progress,
  });
  try {
    const platform = await checkPlatform(client, baseUrl, credentials);
    checks.push(...platform);
    const usable = platform.every((c) => c.status === "ok");
    checks.push(await checkInstances(usable ? client : undefined, baseUrl, stored));
  } finally {
    await client.close();
  }
  const verdict = verdictOf(checks);
  return {
    data: { profile: ctx.profile, baseUrl, checks, ...(verdict.error ? { error: verdict.error } : {}) },
    exitCode: verdict.exitCode,
    text: (s) => renderChecklist(checks, `connector doctor: profile "${ctx.profile}"`, s),
  };
}
