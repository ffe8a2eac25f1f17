// Where the platform is and who we are on it, answered here and nowhere else: environment first,
// then the stored profile (the contract: "Environment wins"), then the default base URL. Every
// value comes from the context (its environment), never from process.env, so tests and the
// library run it in-process.
import { DEFAULT_BASE_URL, clientOptionsOf, type Context } from "../context.ts";
import { ConfigError, UsageError, type Problem } from "../errors.ts";
import { maskUrlPassword, registerSecret } from "../secrets.ts";
import type { Credentials } from "../api/platform.ts";
import type { ProfileRecord, Store } from "../store/index.ts";
import { nonEmpty } from "../values.ts";
import { requireSendableSecrets } from "./platform-secrets.ts";
import { loginCommand, withStoredSecrets } from "./stored-secrets.ts";

export interface PlatformTarget {
  baseUrl: string;
  credentials?: Credentials;
  /** Problems to report when credentials are required but absent. */
  problems: Problem[];
}

/** The platform's base URL: --base-url (or CONNECTOR_BASE_URL), else the profile's, else the default. */
export function baseUrlOf(ctx: Context, profile: ProfileRecord | undefined): string {
  return ctx.baseUrlOverride ?? profile?.baseUrl ?? DEFAULT_BASE_URL;
}

/** Where a platform secret came from: given as data (the library's options), its environment variable, or the stored profile. */
export type SecretSource = "given" | "environment" | "profile";

/** The platform secrets as given (registered as secrets, not yet checked), the environment's winning over the profile's, and where each came from. */
export function platformSecretsOf(ctx: Context, profile: ProfileRecord | undefined): { userSecret?: string; orgSecret?: string; sources: { userSecret?: SecretSource; orgSecret?: SecretSource } } {
  const pick = (env: string, stored: string | undefined, given: string | undefined): [string | undefined, SecretSource | undefined] => {
    if (given !== undefined && given !== "") return [registerSecret(given), "given"];
    const fromEnv = nonEmpty(ctx.env[env]);
    if (fromEnv !== undefined) return [registerSecret(fromEnv), "environment"];
    return stored ? [registerSecret(stored), "profile"] : [undefined, undefined];
  };
  const [userSecret, userSource] = pick("CONNECTOR_USER_SECRET", profile?.userSecret, ctx.secrets?.userSecret);
  const [orgSecret, orgSource] = pick("CONNECTOR_ORG_SECRET", profile?.orgSecret, ctx.secrets?.orgSecret);
  return { userSecret, orgSecret, sources: { userSecret: userSource, orgSecret: orgSource } };
}

/** Resolves the base URL and platform secrets for the context's profile. */
export async function resolvePlatform(ctx: Context, store: Store): Promise<PlatformTarget> {
  const profile = await withStoredSecrets(ctx, await store.getProfile(ctx.profile));
  const baseUrl = baseUrlOf(ctx, profile);
  const { userSecret, orgSecret, sources } = platformSecretsOf(ctx, profile);
  // In a workflow nobody runs login: the advice is the job's env, filled from repository secrets.
  const hint = (key: "userSecret" | "orgSecret", env: string) =>
    ctx.env.GITHUB_ACTIONS === "true"
      ? `set it in the workflow from a repository secret (env: ${env}: \${{ secrets.${env} }}).`
      : `${ctx.words.giveSecret(key === "userSecret" ? "user-secret" : "org-secret")}, or store both with: ${loginCommand(ctx.profile)}.`;
  const missing = (key: "userSecret" | "orgSecret", env: string, which: string): Problem => ({
    key,
    problem: "missing",
    message: `Missing the platform ${which} secret: ${env} is not set and profile "${ctx.profile}" has none; ${hint(key, env)}`,
    env,
  });
  const problems: Problem[] = [...(userSecret ? [] : [missing("userSecret", "CONNECTOR_USER_SECRET", "user")]), ...(orgSecret ? [] : [missing("orgSecret", "CONNECTOR_ORG_SECRET", "organization")])];
  const stored = (which: string) => `the ${which} secret stored for profile "${ctx.profile}"`;
  const named = (source: SecretSource | undefined, option: "user-secret" | "org-secret", env: string, which: string) =>
    source === "given" ? `the ${ctx.words.option(option)} given` : source === "environment" ? env : stored(which);
  const from = {
    userSecret: named(sources.userSecret, "user-secret", "CONNECTOR_USER_SECRET", "user"),
    orgSecret: named(sources.orgSecret, "org-secret", "CONNECTOR_ORG_SECRET", "organization"),
  };
  const credentials = userSecret && orgSecret ? requireSendableSecrets({ userSecret, orgSecret }, from) : undefined;
  return { baseUrl, credentials, problems };
}

/**
 * The platform a stored instance lives on: its token means nothing elsewhere, and the current
 * secrets must not go to another platform than the one asked for. A --base-url (or
 * CONNECTOR_BASE_URL) naming another platform is refused; otherwise the instance's own is used.
 */
export function platformOfInstance(ctx: Context, instanceBaseUrl: string, label: string): string {
  const asked = ctx.baseUrlOverride;
  if (asked !== undefined && platformKey(asked) !== platformKey(instanceBaseUrl)) {
    throw new UsageError(
      `${label} was created on ${maskUrlPassword(instanceBaseUrl)}, but ${ctx.words.option("base-url")} (or CONNECTOR_BASE_URL) names ${maskUrlPassword(asked)}; nothing was sent.`,
      `An instance is used only on its own platform: drop ${ctx.words.option("base-url")} (and CONNECTOR_BASE_URL), or give that instance's platform.`,
    );
  }
  return instanceBaseUrl;
}

/** Scheme, host, port and path, without user, password or trailing slash: what names a platform. */
function platformKey(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, "")}`;
}

/** The one "secrets are missing" error (exit 3), with every missing secret as a problem. */
function missingSecretsError(target: PlatformTarget, outcome: string): ConfigError {
  return new ConfigError(`Platform secrets are missing; ${outcome}.`, target.problems);
}

/** The target's credentials, or the missing-secrets error. */
export function credentialsOf(target: PlatformTarget, outcome = "nothing was sent"): Credentials {
  if (!target.credentials) throw missingSecretsError(target, outcome);
  return target.credentials;
}

/** Like resolvePlatform, but fails with exit 3 when a secret is missing. */
export async function requirePlatform(ctx: Context, store: Store): Promise<Required<Omit<PlatformTarget, "problems">>> {
  const target = await resolvePlatform(ctx, store);
  return { baseUrl: target.baseUrl, credentials: credentialsOf(target) };
}

/** A platform client for the context's deadline, signal and debug log. */
export async function connectPlatform(ctx: Context, target: { baseUrl: string; credentials: Credentials }) {
  const { createPlatformClient } = await import("../api/platform.ts");
  return createPlatformClient({
    baseUrl: target.baseUrl,
    credentials: target.credentials,
    ...clientOptionsOf(ctx),
    onWait: ctx.progress,
  });
}
