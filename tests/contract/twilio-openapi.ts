// Twilio's OpenAPI description for the contract test: taken from the npm package
// @twilio/cli-core@9.0.0 (npm pack + tar, never installed, never committed), cached in the
// contract cache (tests/contract/prism.ts), and the two documents the preflight uses (2010-04-01 and Messaging v1)
// merged into one, so one Prism serves both hosts' paths (they do not collide).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { contractCacheDir } from "./prism.ts";

const PACKAGE = "@twilio/cli-core@9.0.0";
const SPEC_DIR = "package/src/services/twilio-api";
const FILES = ["twilio_api_v2010.json", "twilio_messaging_v1.json"];

type OpenApi = { paths: Record<string, unknown>; components: Record<string, Record<string, unknown>>; tags?: unknown[] };

/** The merged description's path, fetched and built on first use. */
export function twilioOpenApiFile(cacheDir = contractCacheDir()): string {
  const merged = join(cacheDir, "twilio-preflight.openapi.json");
  if (existsSync(merged)) return merged;
  mkdirSync(cacheDir, { recursive: true });
  const tarball = execFileSync("npm", ["pack", PACKAGE, "--pack-destination", cacheDir, "--silent"], { encoding: "utf8" }).trim().split("\n").at(-1) ?? "";
  execFileSync("tar", ["-xzf", join(cacheDir, tarball), "-C", cacheDir, ...FILES.map((f) => `${SPEC_DIR}/${f}`)]);
  const [api, messaging] = FILES.map((f) => JSON.parse(readFileSync(join(cacheDir, SPEC_DIR, f), "utf8")) as OpenApi) as [OpenApi, OpenApi];
  for (const [path, item] of Object.entries(messaging.paths)) {
    if (path in api.paths) throw new Error(`both documents define ${path}: cannot merge`);
    api.paths[path] = item;
  }
  for (const [kind, items] of Object.entries(messaging.components)) api.components[kind] = { ...items, ...api.components[kind] };
  api.tags = [...(api.tags ?? []), ...(messaging.tags ?? [])];
  writeFileSync(merged, JSON.stringify(api));
  return merged;
}
