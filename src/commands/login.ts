// `connector login`: check the platform secrets against the platform, then store them: in the
// OS keychain when one answers (src/keychain/), else in the 0600 store file with one warning
// saying why. The profile records where its secrets went; only a later login changes that.
import { DEFAULT_BASE_URL, type Context } from "../context.ts";
import { ConfigError, type Problem } from "../errors.ts";
import { registerSecret, registerUrlSecret } from "../secrets.ts";
import { openStore, type SecretStore } from "../store/index.ts";
import type { CommandResult } from "../ui/result.ts";
import { connectPlatform } from "../platform/target.ts";
import { requireSendableSecrets } from "../platform/platform-secrets.ts";
import { placeSecrets } from "./shared/place-secrets.ts";

const SECRETS = [
  { key: "userSecret", env: "CONNECTOR_USER_SECRET", prompt: "Platform user secret" },
  { key: "orgSecret", env: "CONNECTOR_ORG_SECRET", prompt: "Platform organization secret" },
] as const;

export interface LoginOptions {
  /** Keep the secrets in the 0600 store file even when a keychain answers. */
  insecureStorage: boolean;
}

/** Stores the profile's base URL and secrets once the platform has accepted them. */
export async function login(options: LoginOptions, ctx: Context): Promise<CommandResult> {
  const { credentialStoreChoice } = await import("../keychain/choice.ts");
  const choice = credentialStoreChoice(ctx.env, options.insecureStorage); // a bad CONNECTOR_CREDENTIAL_STORE fails before any question
  const store = openStore(ctx.configDir);
  const previous = await store.getProfile(ctx.profile);
  const asking = ctx.interactive ? await import("./shared/ask-login.ts") : undefined;
  const baseUrl = ctx.baseUrlOverride ?? (asking ? await asking.askBaseUrl(ctx, previous?.baseUrl ?? DEFAULT_BASE_URL) : (previous?.baseUrl ?? DEFAULT_BASE_URL));
  registerUrlSecret(baseUrl);
  const values: Record<string, string> = {};
  const problems: Problem[] = [];
  for (const secret of SECRETS) {
    const fromEnv = ctx.env[secret.env];
    if (fromEnv) values[secret.key] = registerSecret(fromEnv);
    else if (ctx.interactive) {
      const { askText } = await import("../ui/prompts.ts");
      values[secret.key] = registerSecret(await askText(ctx, { message: secret.prompt, secret: true, validate: (v) => (v ? undefined : "A value is required.") }));
    } else problems.push({ key: secret.key, problem: "missing", message: `Missing the platform ${secret.prompt.split(" ").pop()}: set ${secret.env}.`, env: secret.env });
  }
  if (problems.length)
    throw new ConfigError("Cannot log in without both platform secrets; nothing was stored.", problems, "Find them in the platform's console under your profile (User and Organization secrets).");
  const fromOf = (secret: (typeof SECRETS)[number]) => (ctx.env[secret.env] ? secret.env : `your ${secret.prompt.toLowerCase()}`);
  const [user, org] = SECRETS;
  const credentials = requireSendableSecrets({ userSecret: values.userSecret ?? "", orgSecret: values.orgSecret ?? "" }, { userSecret: fromOf(user), orgSecret: fromOf(org) });
  const client = await connectPlatform(ctx, { baseUrl, credentials });
  try {
    for await (const _ of client.listInstances({ pageSize: 1 })) break; // a 401 here means the secrets are wrong
  } finally {
    await client.close();
  }
  if (asking && !(await asking.confirmStore(ctx, baseUrl, store.path, choice === "file" ? "file" : "keychain"))) {
    return { data: { profile: ctx.profile, baseUrl, stored: null }, text: () => "Nothing stored." };
  }
  const secretStore: SecretStore = await placeSecrets(ctx, choice, previous, credentials, store.path);
  // After the keychain has given the secrets back: only then is the plaintext copy dropped.
  await store.saveProfile(ctx.profile, {
    ...previous,
    baseUrl,
    ...(secretStore === "file" ? credentials : { userSecret: undefined, orgSecret: undefined }),
    secretStore,
    updatedAt: new Date().toISOString(),
  });
  const where = secretStore === "keychain" ? `in the OS keychain (service "connector"), the base URL in ${store.path}` : `in ${store.path} (mode 0600)`;
  return {
    data: { profile: ctx.profile, baseUrl, stored: store.path, secretStore },
    text: (s) => `${s.green("✔")} Logged in to ${baseUrl}; secrets stored for profile "${ctx.profile}" ${where}.`,
  };
}
