// The checks that need no network: Node's version, the state directory and its permissions,
// the profile and where its secrets come from, the base URL and the proxy in use.
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { decideProxy, describeProxy, LOOPBACK_HOSTS } from "../api/proxy.ts";
import type { Context } from "../context.ts";
import type { CliError } from "../errors.ts";
import { loginCommand } from "../platform/stored-secrets.ts";
import { filesAreProtectedByModes } from "../os/file-protection.ts";
import { baseUrlOf, platformSecretsOf } from "../platform/target.ts";
import type { ProfileRecord, Store } from "../store/index.ts";
import type { Check } from "./types.ts";

const NODE_MINIMUM = [20, 19];

/** Node.js itself: connector needs 20.19 or later. */
export function checkNode(version = process.versions.node): Check {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const ok = major > (NODE_MINIMUM[0] ?? 0) || (major === NODE_MINIMUM[0] && minor >= (NODE_MINIMUM[1] ?? 0));
  return ok
    ? { id: "node", title: "Node.js", status: "ok", detail: `${version} (20.19 or later needed)` }
    : { id: "node", title: "Node.js", status: "fail", detail: `${version} is too old`, hint: "Install Node.js 20.19 or later (22 and 24 work too).", code: "internal" };
}

/**
 * The state directory: readable, and where modes protect files (not Windows, whose modes mean
 * nothing: src/os/file-protection.ts) 0700 with its store.json 0600.
 */
export async function checkState(configDir: string, store: Store, modesProtect = filesAreProtectedByModes()): Promise<{ check: Check; readable: boolean }> {
  const dirMode = await modeOf(configDir);
  const title = "State directory";
  const made = modesProtect ? "mode 0700" : "protected by your user profile's permissions";
  if (dirMode === undefined) return { check: { id: "state", title, status: "ok", detail: `${configDir} (not created yet: login or provision creates it, ${made})` }, readable: true };
  const fileMode = await modeOf(join(configDir, "store.json"));
  const loose = modesProtect ? [dirMode !== 0o700 ? `chmod 700 ${configDir}` : "", fileMode !== undefined && fileMode !== 0o600 ? `chmod 600 ${store.path}` : ""].filter(Boolean) : [];
  const modes = modesProtect
    ? `${configDir} (${octal(dirMode)})${fileMode === undefined ? ", no store.json yet" : `, store.json (${octal(fileMode)})`}`
    : `${configDir} (${made})${fileMode === undefined ? ", no store.json yet" : ""}`;
  try {
    await store.listProfiles();
  } catch (error) {
    return {
      check: { id: "state", title, status: "fail", detail: `${modes}: cannot read it: ${(error as Error).message}`, hint: "Fix or move the file; connector never resets it.", code: "missing_config" },
      readable: false,
    };
  }
  if (loose.length) return { check: { id: "state", title, status: "warn", detail: `${modes}: others may read your secrets`, hint: `Run: ${loose.join(" && ")}` }, readable: true };
  return { check: { id: "state", title, status: "ok", detail: modes }, readable: true };
}

/**
 * The profile, and where each platform secret comes from (environment wins): `profile` has its
 * keychain secrets filled in already, or `unreadable` says why they could not be read.
 */
export function checkProfile(ctx: Context, profile: ProfileRecord | undefined, unreadable?: CliError): Check[] {
  const stored = profile ? `stored${profile.updatedAt ? `, updated ${profile.updatedAt.slice(0, 10)}` : ""}` : "not stored";
  const found = platformSecretsOf(ctx, profile).sources;
  const place = profile?.secretStore === "keychain" ? "the OS keychain" : "the store file";
  const sources = [
    ["user", "CONNECTOR_USER_SECRET", found.userSecret],
    ["organization", "CONNECTOR_ORG_SECRET", found.orgSecret],
  ].map(([name, env, source]) => (source === "environment" ? `${name} secret from ${env}` : source === "profile" ? `${name} secret from ${place}` : undefined));
  const login = loginCommand(ctx.profile);
  const profileCheck: Check = { id: "profile", title: "Profile", status: "ok", detail: `"${ctx.profile}" (${stored})` };
  if (unreadable) return [profileCheck, { id: "secrets", title: "Platform secrets", status: "fail", detail: unreadable.message, hint: unreadable.hint, code: unreadable.code }];
  const secrets: Check = sources.every(Boolean)
    ? { id: "secrets", title: "Platform secrets", status: "ok", detail: sources.join(", ") }
    : {
        id: "secrets",
        title: "Platform secrets",
        status: "fail",
        detail: `missing the ${sources[0] ? "organization" : sources[1] ? "user" : "user and organization"} secret`,
        hint: `Run ${login}, or set CONNECTOR_USER_SECRET and CONNECTOR_ORG_SECRET.`,
        code: "missing_config",
      };
  return [profileCheck, secrets];
}

/** The base URL in use and where it comes from. */
export function checkBaseUrl(ctx: Context, profile: ProfileRecord | undefined): { check: Check; baseUrl: string } {
  const from = ctx.baseUrlOverride
    ? ctx.env.CONNECTOR_BASE_URL && ctx.env.CONNECTOR_BASE_URL.replace(/\/+$/, "") === ctx.baseUrlOverride
      ? "CONNECTOR_BASE_URL"
      : "--base-url"
    : profile?.baseUrl
      ? "the profile"
      : "the default";
  const baseUrl = baseUrlOf(ctx, profile);
  const suspicious = !/\/elements\/api-v2$/.test(baseUrl);
  return {
    baseUrl,
    check: suspicious
      ? { id: "base-url", title: "Base URL", status: "warn", detail: `${baseUrl} (from ${from})`, hint: "The platform's API root ends in /elements/api-v2." }
      : { id: "base-url", title: "Base URL", status: "ok", detail: `${baseUrl} (from ${from})` },
  };
}

/** The proxy requests to `baseUrl` go through, and NODE_EXTRA_CA_CERTS for intercepting proxies. */
export async function checkProxy(baseUrl: string, env: NodeJS.ProcessEnv): Promise<Check> {
  const decision = decideProxy(new URL(baseUrl), env);
  const route = decision.proxy
    ? `through ${describeProxy(decision.proxy)} (from ${decision.variable})`
    : decision.bypass
      ? LOOPBACK_HOSTS.includes(decision.bypass) && !(env.no_proxy ?? env.NO_PROXY ?? "").includes(decision.bypass)
        ? "direct (loopback is never proxied)"
        : `direct (NO_PROXY entry ${decision.bypass})`
      : "direct (no proxy set)";
  const ca = env.NODE_EXTRA_CA_CERTS;
  if (ca && (await modeOf(ca)) === undefined) {
    return {
      id: "proxy",
      title: "Proxy",
      status: "warn",
      detail: `${route}; NODE_EXTRA_CA_CERTS=${ca} does not exist`,
      hint: "Point NODE_EXTRA_CA_CERTS at the PEM file of your proxy's CA certificate.",
    };
  }
  return { id: "proxy", title: "Proxy", status: "ok", detail: `${route}${ca ? `; extra CA certificates from ${ca}` : ""}` };
}

async function modeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o777;
  } catch {
    return undefined;
  }
}

function octal(mode: number): string {
  return `0${mode.toString(8)}`;
}
