// The secrets an environment holds, masked from the first line written whatever the command
// reads: the CLI registers its process's, the library each call's `env`.
import { ELEMENTS } from "../elements/index.ts";
import { registerSecret, SECRET_VARIABLES } from "../secrets.ts";

export function registerEnvironmentSecrets(env: Record<string, string | undefined>): void {
  for (const name of SECRET_VARIABLES) registerSecret(env[name]);
  for (const element of ELEMENTS) for (const entry of element.entries) if (entry.secret && entry.env) registerSecret(env[entry.env]);
}
