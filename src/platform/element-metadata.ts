// The element definition a command builds with: the built-in one, with the platform's
// configuration metadata merged over it when known, from the cache (any command) or fetched
// (only a command that talks to the platform anyway, i.e. provision without --dry-run).
import fs from "node:fs";
import { DEFAULT_BASE_URL, type Context } from "../context.ts";
import { ApiError } from "../errors.ts";
import { findElement, type ElementDefinition } from "../elements/index.ts";
import { mergePlatformConfiguration, parsePlatformConfiguration } from "../elements/merge-configuration.ts";
import type { Credentials } from "../api/platform.ts";
import { PlatformApiError } from "../api/platform-errors.ts";
import { elementCachePath, readCachedConfiguration, writeCachedConfiguration } from "../store/element-cache.ts";
import { openStore } from "../store/index.ts";
import type { InstanceFlags } from "../instance/flags.ts";
import type { ResolvedInstance } from "../instance/resolve.ts";
import { gatherInstance, withDefaultFile, type ElementLoader } from "../instance/gather.ts";
import { connectPlatform, type PlatformTarget } from "./target.ts";

export interface MetadataSource {
  baseUrl: string;
  credentials?: Credentials;
  /** Ask the platform when the cache has nothing fresh. */
  fetch: boolean;
}

/** The definition of `key` with the platform's required flags and defaults; undefined for an element the CLI does not know. */
export async function loadPlatformElement(key: string, ctx: Context, source: MetadataSource): Promise<ElementDefinition | undefined> {
  const builtIn = findElement(key);
  if (!builtIn) return undefined;
  let raw = readCachedConfiguration(ctx.configDir, source.baseUrl, key);
  const warn = (line: string) => ctx.note(`Warning: ${line}`);
  if (raw === undefined && source.fetch && source.credentials) raw = await fetchConfiguration(key, ctx, source.baseUrl, source.credentials, warn);
  const listed = parsePlatformConfiguration(raw);
  if (!listed) return builtIn;
  const { element, changes } = mergePlatformConfiguration(builtIn, listed);
  for (const change of changes) ctx.debug(`platform metadata: ${change}`);
  return element;
}

/** loadPlatformElement for each key once per run (a batch, a plan): one request, or one cache read, per element. */
export function platformElementLookup(ctx: Context, source: MetadataSource): (key: string) => Promise<ElementDefinition | undefined> {
  const loaded = new Map<string, Promise<ElementDefinition | undefined>>();
  return (key) => {
    let element = loaded.get(key);
    if (!element) loaded.set(key, (element = loadPlatformElement(key, ctx, source)));
    return element;
  };
}

/** For commands without network calls (validate): the cached metadata only, when there is a cache at all. */
export function cachedElementLoader(ctx: Context): ElementLoader {
  return async (key) => {
    if (!fs.existsSync(elementCachePath(ctx.configDir))) return undefined;
    const baseUrl = ctx.baseUrlOverride ?? (await openStore(ctx.configDir).getProfile(ctx.profile))?.baseUrl ?? DEFAULT_BASE_URL;
    return loadPlatformElement(key, ctx, { baseUrl, fetch: false });
  };
}

/**
 * For provision: gathers with the cached metadata; then, when the instance is valid and nothing
 * fresh is cached, asks the platform (not with `fetch` false: --dry-run sends nothing) and
 * gathers again if its answer changes the definition, asking only for what the first round did not
 * (its answers stand). An invalid instance costs no request.
 */
export async function gatherWithPlatformMetadata(given: InstanceFlags, ctx: Context, target: PlatformTarget, fetch: boolean): Promise<ResolvedInstance> {
  const flags = withDefaultFile(given, ctx);
  const loadElement: ElementLoader = (key) => loadPlatformElement(key, ctx, { baseUrl: target.baseUrl, fetch: false });
  const answers: Record<string, string> = {};
  const first = await gatherInstance(flags, ctx, { prompt: true, loadElement, answers });
  const key = first.element.key;
  if (first.problems.length > 0 || !fetch || !target.credentials || !findElement(key)) return first;
  if (readCachedConfiguration(ctx.configDir, target.baseUrl, key) !== undefined) return first;
  const refusals: string[] = [];
  const listed = parsePlatformConfiguration(await fetchConfiguration(key, ctx, target.baseUrl, target.credentials, (line) => refusals.push(line)));
  const builtIn = findElement(key);
  if (!listed || !builtIn || mergePlatformConfiguration(builtIn, listed).changes.length === 0) return { ...first, warnings: [...first.warnings, ...refusals] };
  return gatherInstance(flags, ctx, { prompt: true, loadElement, answers });
}

/**
 * GET /elements/{key}/configuration, cached. Reading it is a privilege of its own (`viewElements`)
 * that a user who may create instances can lack: any refusal is one warning (`warn`) and the
 * built-in definition stands. Only a failure without an answer stops the run, since the requests
 * that follow would meet it too.
 */
async function fetchConfiguration(key: string, ctx: Context, baseUrl: string, credentials: Credentials, warn: (line: string) => void): Promise<unknown> {
  const client = await connectPlatform(ctx, { baseUrl, credentials });
  try {
    const body = await client.getElementConfiguration(key);
    if (parsePlatformConfiguration(body)) await writeCachedConfiguration(ctx.configDir, baseUrl, key, body);
    return body;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === "not_found") ctx.debug(`platform metadata: none for element ${key} (${error.message}); using the built-in definition`);
    else {
      const said = error instanceof PlatformApiError && error.platformMessage ? `: ${error.platformMessage}` : "";
      warn(
        `The platform refused to show the element metadata of ${key} (${error.status ?? "no answer"} on GET /elements/${key}/configuration${said}); provisioning with the built-in definition. A user without the viewElements privilege gets this.`,
      );
    }
    return undefined;
  } finally {
    await client.close();
  }
}
