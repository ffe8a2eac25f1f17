// A profile's platform secrets where `login` put them: in the profile record (the 0600 store
// file), or in the OS keychain. The keychain is asked only when the environment does not give
// both secrets (environment wins), and only then is its code loaded.
import type { Context } from "../context.ts";
import { ConfigError } from "../errors.ts";
import type { ProfileRecord } from "../store/index.ts";
import { shellQuote } from "../ui/shell-quote.ts";
import { nonEmpty } from "../values.ts";

/** `connector login`, with `--profile` when not the default: the fix most messages name. */
export function loginCommand(profile: string, extra = ""): string {
  return `connector login${extra}${profile === "default" ? "" : ` --profile ${shellQuote(profile)}`}`;
}

/**
 * `profile` with its secrets filled in from the keychain when it keeps them there and the
 * environment lacks one. A keychain that does not answer, or has lost an entry, is exit 3
 * naming the cause and the fix; a keychain that times out is exit 6.
 */
export async function withStoredSecrets(ctx: Context, profile: ProfileRecord | undefined): Promise<ProfileRecord | undefined> {
  if (profile?.secretStore !== "keychain") return profile;
  if (nonEmpty(ctx.env.CONNECTOR_USER_SECRET) !== undefined && nonEmpty(ctx.env.CONNECTOR_ORG_SECRET) !== undefined) return profile;
  const keychain = await import("../keychain/index.ts");
  const name = ctx.profile;
  let found: { userSecret: string | null; orgSecret: string | null };
  try {
    found = await keychain.readProfileSecrets({ env: ctx.env, signal: ctx.signal }, name);
  } catch (error) {
    if (!(error instanceof keychain.KeychainUnavailable)) throw error;
    throw new ConfigError(
      `Profile "${name}" keeps its platform secrets in the OS keychain, but no keychain answers: ${error.reason}.`,
      [],
      `Make the keychain answer (unlock it, or start its service), or set CONNECTOR_USER_SECRET and CONNECTOR_ORG_SECRET, or store the secrets in the 0600 file instead: ${loginCommand(name, " --insecure-storage")}.`,
    );
  }
  const accounts = keychain.accountsOf(name);
  const lost = (["userSecret", "orgSecret"] as const).filter((key) => found[key] === null);
  if (lost.length) {
    throw new ConfigError(
      `Profile "${name}" keeps its platform secrets in the OS keychain, but the keychain has no entry ${lost.map((key) => `"${accounts[key]}"`).join(" nor ")} (service "${keychain.KEYCHAIN_SERVICE}"): removed outside connector?`,
      lost.map((key) => ({
        key,
        problem: "missing" as const,
        message: `The keychain entry "${accounts[key]}" of service "${keychain.KEYCHAIN_SERVICE}" is gone.`,
        env: key === "userSecret" ? "CONNECTOR_USER_SECRET" : "CONNECTOR_ORG_SECRET",
      })),
      `Store them again with ${loginCommand(name)}, or set CONNECTOR_USER_SECRET and CONNECTOR_ORG_SECRET.`,
    );
  }
  return { ...profile, userSecret: found.userSecret ?? undefined, orgSecret: found.orgSecret ?? undefined };
}
