// The Context of one library call, made here and not by the CLI's parser: never interactive, no
// output (notes go to `onNote`), hints in the library's words, and the platform secrets given as
// data. Each option is checked at run time, since a plain JS caller has no types to stop it.
import { Readable } from "node:stream";
import { createRateLimits } from "../api/rate-limits.ts";
import { MAX_TIMEOUT_SECONDS, type Context } from "../context.ts";
import { UsageError } from "../errors.ts";
import { resolveConfigDir } from "../os/folders.ts";
import { checkBaseUrl } from "../platform/base-url.ts";
import { registerEnvironmentSecrets } from "../platform/environment-secrets.ts";
import { redact, registerSecret } from "../secrets.ts";
import { checkProfileName } from "../store/profile-name.ts";
import { nonEmpty } from "../values.ts";
import { VERSION } from "../version.ts";
import { LIBRARY_WORDS } from "./vocabulary.ts";
import { checkOptions, type OptionRules } from "./check-options.ts";

/** Long enough for a slow platform's answer to a create, short enough that an abort is still an abort. */
const CREATE_GRACE_MS = 5_000;

/** What every library function takes (src/library.ts declares it for the published types). */
export interface CallSettings {
  profile?: string;
  baseUrl?: string;
  userSecret?: string;
  orgSecret?: string;
  timeoutSeconds?: number;
  retries?: number;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  onNote?: (line: string) => void;
}

export const SETTINGS_RULES: OptionRules = {
  profile: "string",
  baseUrl: "string",
  userSecret: "string",
  orgSecret: "string",
  timeoutSeconds: { number: [0.001, MAX_TIMEOUT_SECONDS] },
  retries: { integer: [0, 20] },
  env: "object",
  signal: "signal",
  onNote: "function",
};

/** The Context for one call; `rules` are the function's own options beside the settings, `required` those it cannot do without. */
export function libraryContext(settings: CallSettings, rules: OptionRules = {}, required: readonly string[] = []): Context {
  checkOptions(settings, { ...SETTINGS_RULES, ...rules }, required);
  const env = { ...(settings.env ?? process.env) };
  registerEnvironmentSecrets(env);
  const secrets = { userSecret: registerSecret(settings.userSecret), orgSecret: registerSecret(settings.orgSecret) };
  const baseUrl = settings.baseUrl ?? nonEmpty(env.CONNECTOR_BASE_URL);
  const onNote = settings.onNote;
  return {
    words: LIBRARY_WORDS,
    secrets,
    profile: checkProfileName(settings.profile ?? nonEmpty(env.CONNECTOR_PROFILE) ?? "default"),
    baseUrlOverride: baseUrl === undefined ? undefined : checkBaseUrl(baseUrl, LIBRARY_WORDS),
    json: true,
    interactive: false,
    timeoutMs: Math.round((settings.timeoutSeconds ?? fromEnv(env.CONNECTOR_TIMEOUT, "CONNECTOR_TIMEOUT", 30, [0.001, MAX_TIMEOUT_SECONDS])) * 1000),
    retries: settings.retries ?? fromEnv(env.CONNECTOR_RETRIES, "CONNECTOR_RETRIES", 3, [0, 20]),
    verbose: false,
    color: false,
    env,
    configDir: resolveConfigDir(env),
    // Nothing is read from the process's stdin: an instance document is passed as data.
    stdin: Readable.from([]),
    note: (line) => onNote?.(redact(line)),
    debug: () => undefined,
    signal: settings.signal ?? new AbortController().signal,
    // An abort while a create is under way still reads its answer (this long at most) and stores the token.
    createGraceMs: CREATE_GRACE_MS,
    // The call's own rate policies: a 429 one call met pauses that call only, and nothing outlives it.
    rateLimits: createRateLimits(),
    version: VERSION,
  };
}

/** A number from the environment (the CLI's fallback), in range, or a UsageError naming the variable. */
function fromEnv(value: string | undefined, name: string, fallback: number, [min, max]: [number, number]): number {
  const given = nonEmpty(value);
  if (given === undefined) return fallback;
  const number = Number(given);
  if (!Number.isFinite(number) || number < min || number > max)
    throw new UsageError(`${name}=${given} is not a number from ${min} to ${max}.`, `Unset it, or give ${name === "CONNECTOR_TIMEOUT" ? "timeoutSeconds" : "retries"} explicitly.`);
  return number;
}
