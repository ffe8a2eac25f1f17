// `connector auth status`: every profile the store knows, its platform, where its platform
// secrets are (the OS keychain, the 0600 store file, or the environment, which wins over both),
// how many instances it stores, and which one a command uses without --profile. Reads the
// store only: no keychain call and no request, so it answers at once even when a keychain hangs.
import { DEFAULT_BASE_URL, type Context } from "../context.ts";
import { openStore, type ProfileRecord } from "../store/index.ts";
import type { CommandResult } from "../ui/result.ts";
import { table } from "../ui/table.ts";
import { nonEmpty } from "../values.ts";
import { storedProfileNames, warnIfUnknownProfile } from "./shared/known-profile.ts";

type SecretsAt = "keychain" | "file" | "environment" | "none";

interface ProfileStatus {
  name: string;
  baseUrl: string;
  /** Where a command takes the secrets from now. */
  secrets: SecretsAt;
  /** Where `login` stored them, whatever the environment says. */
  storedIn: "keychain" | "file" | null;
  instances: number;
  default: boolean;
  current: boolean;
}

/** Where the profile's stored secrets are, as its record says (absent field: stored before the keychain, in the file). */
function storedAt(record: ProfileRecord | undefined): "keychain" | "file" | null {
  if (record?.secretStore) return record.secretStore;
  return record?.userSecret || record?.orgSecret ? "file" : null;
}

/** Lists the profiles; warns when --profile names none of them. */
export async function authStatus(ctx: Context): Promise<CommandResult> {
  const store = openStore(ctx.configDir);
  await warnIfUnknownProfile(ctx, store);
  const [names, counts] = await Promise.all([storedProfileNames(store), store.countInstancesByProfile()]);
  const defaultName = nonEmpty(ctx.env.CONNECTOR_PROFILE) ?? "default";
  const fromEnvironment = nonEmpty(ctx.env.CONNECTOR_USER_SECRET) !== undefined && nonEmpty(ctx.env.CONNECTOR_ORG_SECRET) !== undefined;
  const profiles: ProfileStatus[] = [];
  for (const name of names) {
    const record = await store.getProfile(name);
    const stored = storedAt(record);
    const secrets: SecretsAt = fromEnvironment ? "environment" : (stored ?? "none");
    profiles.push({ name, baseUrl: record?.baseUrl ?? DEFAULT_BASE_URL, secrets, storedIn: stored, instances: counts.get(name) ?? 0, default: name === defaultName, current: name === ctx.profile });
  }
  return {
    data: { profiles, default: defaultName, current: ctx.profile },
    text: (s) => {
      if (profiles.length === 0) return s.dim(`No profile is stored in ${store.path}. Store one with: connector login`);
      const rows = profiles.map((p) => [
        `${p.default ? "*" : " "} ${p.name}`,
        p.baseUrl,
        p.secrets === "environment" && p.storedIn ? `environment (stored: ${p.storedIn})` : p.secrets,
        String(p.instances),
      ]);
      const notes = [`* the default profile (${ctx.env.CONNECTOR_PROFILE ? "CONNECTOR_PROFILE" : 'without --profile: "default"'})`];
      if (fromEnvironment) notes.push("CONNECTOR_USER_SECRET and CONNECTOR_ORG_SECRET are set: every profile uses them.");
      return [table(["  PROFILE", "PLATFORM", "SECRETS", "INSTANCES"], rows, s.bold), "", ...notes.map((n) => s.dim(n))].join("\n");
    },
  };
}
