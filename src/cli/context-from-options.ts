// Turns the global options and the environment into the Context every command receives.
import type { Readable, Writable } from "node:stream";
import { createRateLimits } from "../api/rate-limits.ts";
import { UsageError } from "../errors.ts";
import { MAX_TIMEOUT_SECONDS, type Context, type Prompter } from "../context.ts";
import { redact } from "../secrets.ts";
import { registerEnvironmentSecrets } from "../platform/environment-secrets.ts";
import { checkBaseUrl } from "../platform/base-url.ts";
import { resolveConfigDir } from "../os/folders.ts";
import { checkProfileName } from "../store/profile-name.ts";
import { inGithubActions, logSafe } from "../ui/github.ts";
import { printable } from "../ui/printable.ts";
import { shouldColor } from "../ui/style.ts";
import { createSpinner } from "../ui/spinner.ts";
import { createStatusLine } from "../ui/status-line.ts";
import { isCi } from "../values.ts";
import { VERSION } from "../version.ts";
import type { OptionsOf } from "./define-command.ts";
import { CLI_WORDS } from "./vocabulary.ts";
import type { GLOBAL_OPTIONS } from "./options/global-options.ts";

export interface ProcessIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Answers questions instead of the terminal (a test's script); absent: the terminal's prompts. */
  prompter?: Prompter;
}

/** The global options as the command line and the environment give them (read-input.ts). */
export type GlobalOptions = OptionsOf<typeof GLOBAL_OPTIONS>;

/** The Context for one run, from the global options and the process's I/O. */
export function createContext(options: GlobalOptions, io: ProcessIo, signal: AbortSignal): Context {
  const env = io.env;
  registerEnvironmentSecrets(env);
  const json = options.json;
  const verbose = options.verbose || debugEnabled(env.DEBUG);
  const spinner = !json && !verbose && io.stderrIsTTY && !isCi(env) && env.TERM !== "dumb" ? createSpinner(io.stderr) : undefined;
  const status = spinner ? createStatusLine(io.stderr) : undefined;
  const noteColor = shouldColor(options.color, env, io.stderrIsTTY);
  // In a GitHub Actions job no line of outside text may become a workflow command.
  const log = inGithubActions(env) ? logSafe : (line: string) => line;
  return {
    words: CLI_WORDS,
    profile: checkProfileName(options.profile),
    baseUrlOverride: parseBaseUrl(options.baseUrl),
    json,
    interactive: options.input && env.CONNECTOR_NO_INPUT !== "1" && !isCi(env) && io.stdoutIsTTY && io.stdinIsTTY,
    timeoutMs: parseTimeout(options.timeout),
    retries: parseRetries(options.retries),
    verbose,
    color: !json && shouldColor(options.color, env, io.stdoutIsTTY),
    env,
    configDir: resolveConfigDir(env),
    get stdin() {
      return io.stdin; // made on first use: most commands never read it
    },
    note: (line) => {
      spinner?.clear();
      status?.clear();
      io.stderr.write(printable(redact(log(line)), noteColor) + "\n");
    },
    progress: spinner?.start,
    status,
    prompter: io.prompter,
    debug: verbose ? (line) => io.stderr.write(printable(redact(log(line))) + "\n") : () => undefined,
    signal,
    // One for the run: every client of it (element look-up, provisioning, Twilio) shares each limit.
    rateLimits: createRateLimits(),
    version: VERSION,
  };
}

function debugEnabled(debug: string | undefined): boolean {
  return (debug ?? "").split(/[\s,]+/).some((part) => part === "connector" || part === "*" || part === "connector:*");
}

function parseBaseUrl(value: string | undefined): string | undefined {
  return value === undefined ? undefined : checkBaseUrl(value, CLI_WORDS);
}

function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0.001 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new UsageError(`--timeout ${value} is not a number of seconds from 0.001 to ${MAX_TIMEOUT_SECONDS}.`, "For example: --timeout 10 (or CONNECTOR_TIMEOUT=10).");
  }
  return Math.round(seconds * 1000);
}

function parseRetries(value: string): number {
  if (!/^\d{1,2}$/.test(value.trim()) || Number(value) > 20)
    throw new UsageError(`--retries ${value} is not a number of retries from 0 to 20.`, "For example: --retries 5 (or CONNECTOR_RETRIES=5); 0 turns retries off.");
  return Number(value);
}
