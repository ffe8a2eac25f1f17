// Where `login` puts the platform secrets: `--insecure-storage` (the 0600 store file, on
// purpose), else CONNECTOR_CREDENTIAL_STORE: `keychain` (or fail), `file`, or `auto` (the
// keychain when one answers, else the file with a warning). Under CI the default is the file,
// as glab does: a CI machine's keychain, if any, outlives nothing and unlocks for no one.
import { UsageError } from "../errors.ts";
import { isCi } from "../values.ts";

export type CredentialStoreChoice = "auto" | "keychain" | "file";
const CHOICES: readonly string[] = ["auto", "keychain", "file"];

/** The choice for this login; a CONNECTOR_CREDENTIAL_STORE that is none of the three is a usage error. */
export function credentialStoreChoice(env: NodeJS.ProcessEnv, insecureStorage: boolean): CredentialStoreChoice {
  if (insecureStorage) return "file";
  const raw = env.CONNECTOR_CREDENTIAL_STORE;
  if (raw === undefined || raw === "") return isCi(env) ? "file" : "auto";
  const value = raw.toLowerCase();
  if (!CHOICES.includes(value))
    throw new UsageError(`CONNECTOR_CREDENTIAL_STORE=${raw} is none of auto, keychain, file.`, "auto (the default) uses the OS keychain when one answers, else the 0600 store file.");
  return value as CredentialStoreChoice;
}
