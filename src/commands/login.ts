// `connector login`: check the platform secrets against the platform, then store them (0600).
import { DEFAULT_BASE_URL, type Context } from "../context.ts";
import { ConfigError, type Problem } from "../errors.ts";
import { registerSecret, registerUrlSecret } from "../secrets.ts";
import { openStore } from "../store/index.ts";
import type { CommandResult } from "../ui/result.ts";
import { connectPlatform } from "../platform/target.ts";
import { requireSendableSecrets } from "../platform/platform-secrets.ts";

const SECRETS = [
  { key: "userSecret", env: "CONNECTOR_USER_SECRET", prompt: "Platform user secret" },
  { key: "orgSecret", env: "CONNECTOR_ORG_SECRET", prompt: "Platform organization secret" },
] as const;

/** Stores the profile's base URL and secrets once the platform has accepted them. */
export async function login(ctx: Context): Promise<CommandResult> {
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
  if (asking && !(await asking.confirmStore(ctx, baseUrl, store.path))) {
    return { data: { profile: ctx.profile, baseUrl, stored: null }, text: () => "Nothing stored." };
  }
  await store.saveProfile(ctx.profile, { ...previous, baseUrl, ...credentials, updatedAt: new Date().toISOString() });
  return {
    data: { profile: ctx.profile, baseUrl, stored: store.path },
    text: (s) => `${s.green("✔")} Logged in to ${baseUrl}; secrets stored for profile "${ctx.profile}" in ${store.path} (mode 0600).`,
  };
}
