// Where `login` leaves the platform secrets, carried out: the keychain when the choice allows
// it and one answers (written and read back), else the store file. A keychain that answers
// nothing is a warning under `auto` and exit 3 under `keychain`; one that hangs is exit 6.
import type { Context } from "../../context.ts";
import { CliError, ConfigError } from "../../errors.ts";
import type { CredentialStoreChoice } from "../../keychain/index.ts";
import { loginCommand } from "../../platform/stored-secrets.ts";
import type { ProfileRecord, SecretStore } from "../../store/index.ts";

/** Stores the secrets in the keychain when it should and can; says where they belong. */
export async function placeSecrets(
  ctx: Context,
  choice: CredentialStoreChoice,
  previous: ProfileRecord | undefined,
  credentials: { userSecret: string; orgSecret: string },
  storePath: string,
): Promise<SecretStore> {
  if (choice === "file") {
    if (previous?.secretStore === "keychain") await forgetKeychainEntries(ctx);
    return "file";
  }
  const keychain = await import("../../keychain/index.ts");
  try {
    await keychain.storeProfileSecrets({ env: ctx.env, signal: ctx.signal }, ctx.profile, credentials);
    return "keychain";
  } catch (error) {
    if (!(error instanceof keychain.KeychainUnavailable)) throw error;
    if (choice === "keychain") {
      throw new ConfigError(
        `CONNECTOR_CREDENTIAL_STORE=keychain, but no OS keychain answers: ${error.reason}; nothing was stored.`,
        [],
        `Make the keychain answer (unlock it, or start its service), or store the secrets in the 0600 file: ${loginCommand(ctx.profile, " --insecure-storage")}.`,
      );
    }
    ctx.note(
      `Warning: no OS keychain answers: ${error.reason}. The platform secrets go to ${storePath} (mode 0600) instead; pass --insecure-storage to choose the file on purpose and not see this warning.`,
    );
    return "file";
  }
}

/**
 * Removes the profile's two keychain entries (logout; a login into the file). A keychain that
 * answers nothing or hangs only costs a warning naming the entries: the user asked to be rid of
 * them, and the store no longer points at them.
 */
export async function forgetKeychainEntries(ctx: Context): Promise<void> {
  const keychain = await import("../../keychain/index.ts");
  try {
    await keychain.deleteProfileSecrets({ env: ctx.env, signal: ctx.signal }, ctx.profile);
  } catch (error) {
    if (!(error instanceof keychain.KeychainUnavailable || (error instanceof CliError && error.code === "timeout"))) throw error;
    const accounts = keychain.accountsOf(ctx.profile);
    const why = error instanceof keychain.KeychainUnavailable ? `no OS keychain answers: ${error.reason}.` : error.message;
    ctx.note(`Warning: could not remove the keychain entries "${accounts.userSecret}" and "${accounts.orgSecret}" (service "connector"): ${why} Remove them with your keychain's own tool.`);
  }
}
