// A cache of the platform's element configuration metadata (`GET /elements/{key}/configuration`),
// so a provision asks once a day, not every run, and validate can use it without any network
// call. It lives next to store.json as elements-cache.json (0600, directory 0700), replaced
// whole by a rename. It holds no secret and everything in it can be fetched again, so it takes
// no lock and is not fsynced (two runs writing at once may keep only one's entry), a damaged
// cache is ignored and rewritten, and a cache that cannot be written is not an error.
import fs from "node:fs";
import path from "node:path";
import { CliError } from "../errors.ts";
import { replaceFile } from "../os/replace-file.ts";
import { checkConfigDir, readRegularFile } from "./safe-file.ts";

/** How long fetched metadata is trusted: a day. */
export const ELEMENT_CACHE_TTL_MS = 24 * 60 * 60 * 1000;

const FILE = "elements-cache.json";

interface CacheEntry {
  fetchedAt: string;
  configuration: unknown;
}

interface CacheDocument {
  version: 1;
  elements: Record<string, CacheEntry>;
}

/** The cache file's path in the config directory. */
export function elementCachePath(configDir: string): string {
  return path.join(configDir, FILE);
}

/** The cached configuration of `elementKey` on `baseUrl`, when fetched less than `ttlMs` ago. */
export function readCachedConfiguration(configDir: string, baseUrl: string, elementKey: string, now = Date.now(), ttlMs = ELEMENT_CACHE_TTL_MS): unknown {
  const entry = readDocument(configDir).elements[cacheKey(baseUrl, elementKey)];
  if (!entry) return undefined;
  const age = now - Date.parse(entry.fetchedAt);
  return Number.isFinite(age) && age >= 0 && age < ttlMs ? entry.configuration : undefined;
}

/**
 * Records `configuration` as fetched now, mode 0600. Returns false, changing nothing, when it
 * cannot (no directory, a full disk): a cache is optional.
 */
export async function writeCachedConfiguration(configDir: string, baseUrl: string, elementKey: string, configuration: unknown, now = Date.now()): Promise<boolean> {
  try {
    const created = fs.mkdirSync(configDir, { recursive: true, mode: 0o700 });
    if (created !== undefined) fs.chmodSync(configDir, 0o700);
    checkConfigDir(configDir);
    const document = readDocument(configDir);
    document.elements[cacheKey(baseUrl, elementKey)] = { fetchedAt: new Date(now).toISOString(), configuration };
    replaceFile(elementCachePath(configDir), JSON.stringify(document, null, 2) + "\n", { sync: false });
    return true;
  } catch (error) {
    if (!(error instanceof CliError) && !(error as NodeJS.ErrnoException).code) throw error; // a bug, not a disk
    return false;
  }
}

function cacheKey(baseUrl: string, elementKey: string): string {
  return `${baseUrl.replace(/\/+$/, "")} ${elementKey}`;
}

function readDocument(configDir: string): CacheDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readRegularFile(elementCachePath(configDir), "element cache") ?? "");
  } catch {
    return { version: 1, elements: {} };
  }
  const elements = parsed && typeof parsed === "object" ? (parsed as { elements?: unknown }).elements : undefined;
  if (!elements || typeof elements !== "object" || Array.isArray(elements)) return { version: 1, elements: {} };
  const valid: Record<string, CacheEntry> = {};
  for (const [key, value] of Object.entries(elements)) {
    if (value && typeof value === "object" && typeof (value as CacheEntry).fetchedAt === "string") valid[key] = value as CacheEntry;
  }
  return { version: 1, elements: valid };
}
