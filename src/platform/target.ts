// Where the platform is and who we are on it: environment first, then the stored profile
// (the contract: "Environment wins"), then the default base URL.
import { DEFAULT_BASE_URL, clientOptionsOf, type Context } from "../context.ts";
import { ConfigError, UsageError, type Problem } from "../errors.ts";
import { maskUrlPassword, registerSecret } from "../secrets.ts";
import type { Credentials } from "../api/platform.ts";
import type { Store } from "../store/index.ts";
import { nonEmpty } from "../values.ts";
import { requireSendableSecrets } from "./platform-secrets.ts";

export interface PlatformTarget {
  baseUrl: string;
  credentials?: Credentials;
  /** Problems to report when credentials are required but absent. */
  problems: Problem[];
}

/** Resolves the base URL and platform secrets for the context's profile. */
export async function resolvePlatform(ctx: Context, store: Store): Promise<PlatformTarget> {
  const profile = await store.getProfile(ctx.profile);
  const baseUrl = ctx.baseUrlOverride ?? profile?.baseUrl ?? DEFAULT_BASE_URL;
  const userSecret = registerSecret(nonEmpty(ctx.env.CONNECTOR_USER_SECRET) ?? profile?.userSecret);
  const orgSecret = registerSecret(nonEmpty(ctx.env.CONNECTOR_ORG_SECRET) ?? profile?.orgSecret);
  const problems: Problem[] = [];
  const hint = `set it, or store both with: connector login${ctx.profile === "default" ? "" : ` --profile ${ctx.profile}`}.`;
  if (!userSecret) problems.push({ key: "userSecret", problem: "missing", message: `Missing the platform user secret: CONNECTOR_USER_SECRET is not set and profile "${ctx.profile}" has none; ${hint}`, env: "CONNECTOR_USER_SECRET" });
  if (!orgSecret) problems.push({ key: "orgSecret", problem: "missing", message: `Missing the platform organization secret: CONNECTOR_ORG_SECRET is not set and profile "${ctx.profile}" has none; ${hint}`, env: "CONNECTOR_ORG_SECRET" });
  const from = (env: string) => (nonEmpty(ctx.env[env]) ? env : `the ${env === "CONNECTOR_USER_SECRET" ? "user" : "organization"} secret stored for profile "${ctx.profile}"`);
  const credentials = userSecret && orgSecret ? requireSendableSecrets({ userSecret, orgSecret }, { userSecret: from("CONNECTOR_USER_SECRET"), orgSecret: from("CONNECTOR_ORG_SECRET") }) : undefined;
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
      `${label} was created on ${maskUrlPassword(instanceBaseUrl)}, but --base-url (or CONNECTOR_BASE_URL) names ${maskUrlPassword(asked)}; nothing was sent.`,
      "An instance is used only on its own platform: drop --base-url (and CONNECTOR_BASE_URL), or give that instance's platform.",
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

/** Like resolvePlatform, but fails with exit 3 when a secret is missing. */
export async function requirePlatform(ctx: Context, store: Store): Promise<Required<Omit<PlatformTarget, "problems">>> {
  const target = await resolvePlatform(ctx, store);
  if (!target.credentials) throw new ConfigError("Platform secrets are missing; nothing was sent.", target.problems);
  return { baseUrl: target.baseUrl, credentials: target.credentials };
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

