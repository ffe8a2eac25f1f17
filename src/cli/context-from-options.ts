// Turns the global options and the environment into the Context every command receives.
import type { Readable, Writable } from "node:stream";
import { UsageError } from "../errors.ts";
import type { Context } from "../context.ts";
import { redact } from "../secrets.ts";
import { resolveConfigDir } from "../store/index.ts";
import { shouldColor } from "../ui/style.ts";
import { VERSION } from "../version.ts";

export interface ProcessIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

/** The Context for one run, from commander's merged options and the process's I/O. */
export function createContext(options: Record<string, unknown>, io: ProcessIo, signal: AbortSignal): Context {
  const env = io.env;
  const json = options.json === true;
  const verbose = options.verbose === true || debugEnabled(env.DEBUG);
  return {
    profile: stringOption(options.profile) ?? nonEmpty(env.CONNECTOR_PROFILE) ?? "default",
    baseUrlOverride: parseBaseUrl(stringOption(options.baseUrl) ?? nonEmpty(env.CONNECTOR_BASE_URL)),
    json,
    interactive: options.input !== false && env.CONNECTOR_NO_INPUT !== "1" && !isCi(env) && io.stdinIsTTY && io.stdoutIsTTY,
    timeoutMs: parseTimeout(stringOption(options.timeout) ?? nonEmpty(env.CONNECTOR_TIMEOUT)),
    verbose,
    color: !json && shouldColor(options.color !== false, env, io.stdoutIsTTY),
    env,
    configDir: resolveConfigDir(env),
    stdin: io.stdin,
    note: (line) => io.stderr.write(redact(line) + "\n"),
    debug: verbose ? (line) => io.stderr.write(redact(line) + "\n") : () => undefined,
    signal,
    version: VERSION,
  };
}

function stringOption(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI?.toLowerCase();
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}

function debugEnabled(debug: string | undefined): boolean {
  return (debug ?? "").split(/[\s,]+/).some((part) => part === "connector" || part === "*" || part === "connector:*");
}

function parseBaseUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--base-url ${value} is not a URL.`, "Give the platform API root, e.g. https://api.openconnectors.us2.ext.hana.ondemand.com/elements/api-v2");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--base-url must be an http: or https: URL, not ${url.protocol}`);
  return value.replace(/\/+$/, "");
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 30_000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout ${value} is not a positive number of seconds.`, "For example: --timeout 10 (or CONNECTOR_TIMEOUT=10).");
  return Math.round(seconds * 1000);
}
