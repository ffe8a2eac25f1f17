// What every command receives besides its own options: the resolved global options and
// the process's I/O, passed in so commands stay free of globals and easy to test.
import type { Readable } from "node:stream";

/** Node's timers hold at most 2^31-1 ms (about 24.8 days); a day is more than any request needs. */
export const MAX_TIMEOUT_SECONDS = 86_400;

export const DEFAULT_BASE_URL = "https://api.openconnectors.us2.ext.hana.ondemand.com/elements/api-v2";

/** One line redrawn in place at a terminal (ui/status-line.ts draws it). */
export interface StatusLine {
  /** Draws `text` in place of the previous status (cut to the terminal's width). */
  show(text: string): void;
  /** Erases the status, so that a note or a result can be printed in its place. */
  clear(): void;
}

/**
 * How a question is put to the person: what ui/prompts.ts needs from a prompt library. The
 * terminal's prompts by default; a test gives one that answers from a script, in-process.
 */
export interface Prompter {
  /** One line of text: `check` gives a problem (asked again) or undefined (accepted); `mask` hides a secret as it is typed. */
  text(question: { message: string; default?: string; mask?: boolean; check: (value: string) => string | undefined }): Promise<string>;
  /** One of `choices`, picked by the person; its value. */
  select<T extends string>(question: { message: string; choices: { value: T; name: string; description?: string }[] }): Promise<T>;
}

/**
 * How fast one service may be sent requests (api/rate-policy.ts): a shared pause after a 429
 * and a pacer of requests per second. Every request to that service asks it for its turn.
 */
export interface RatePolicy {
  /**
   * The moment the next request may go (at or after now), reserved for it; or, when that moment
   * would be at or past `deadline`, `blocked` (with the wait the service asked for, if it said).
   */
  reserve(deadline: number): { at: number; pauses: number } | { blocked: true; askedMs?: number };
  /** False when a 429 paused the service after `turn` was reserved: the request must ask again, not go. */
  stillValid(turn: { pauses: number }): boolean;
  /**
   * A 429 (or Twilio 20429) for a request sent at `sentAt`, with its `Retry-After` header: the
   * pause it set for every request, or undefined when it came for a request sent before the last pause.
   */
  refused(sentAt: number, retryAfter: string | undefined): { pauseMs: number; source: "Retry-After" | "backoff" } | undefined;
  /** Any other answer to a request sent at `sentAt`. */
  answered(sentAt: number): void;
  /** The requests per second it holds to since a 429, or undefined while not pacing for one. */
  pacedRate(): number | undefined;
}

/** The rate policies of one run: one per platform origin and per Twilio account (api/rate-limits.ts). */
export interface RateLimits {
  policyFor(key: string): RatePolicy;
  /** 429s received, and the time (wall clock) requests were paused for them, over every policy. */
  stats(): { rateLimited: number; waitedMs: number };
  /** The lowest paced rate of any policy, or undefined when none is pacing for a 429. */
  pacedRate(): number | undefined;
}

/**
 * The options a hint can name, by the CLI's flag name: each caller says them in its own words
 * (`--if-exists skip` on the command line, `ifExists: "skip"` in the library), so an error built
 * deep in a command names what its caller can actually change.
 */
export type OptionName = "if-exists" | "message" | "template" | "code" | "timeout" | "retries" | "base-url" | "to" | "instance" | "user-secret" | "org-secret" | "file";

/** What the HTTP clients need of a Vocabulary: option names, and the advice after a refused login. */
export type ApiWords = Pick<Vocabulary, "option" | "storeSecrets">;

export interface Vocabulary {
  /** Option `name`, with `value` when given: `--if-exists skip` or `ifExists: "skip"`. */
  option(name: OptionName, value?: string): string;
  /** Doing `command` once more with what changes: "run the same connector provision command with --if-exists skip" or "call provision() again with ifExists: \"skip\"". */
  again(command: "provision" | "send", change?: string): string;
  /** A command by its name: "connector provision" or "provision()". */
  command(command: "provision" | "instances list --remote"): string;
  /** How to give a missing platform secret: "set it" (its variable) or "give userSecret (or set it in env)". */
  giveSecret(option: "user-secret" | "org-secret"): string;
  /** How to supply the right platform secrets after a 401/403: "run `connector login` …" or "pass userSecret and orgSecret …". */
  storeSecrets(): string;
  /** How to read a stored token: "connector token acme" or "getToken(\"acme\")". */
  token(name: string): string;
  /** A whole example of a call: "connector send --to +15551234567 --template SignIn". */
  example(command: "send"): string;
}

export interface Context {
  /** The words of hints: the CLI's flags, or the library's options (see Vocabulary). */
  words: Vocabulary;
  /** Platform secrets given as data (the library's options); they win over the environment and the profile. */
  secrets?: { userSecret?: string; orgSecret?: string };
  /** Stored profile in use (`--profile`, `CONNECTOR_PROFILE`, else `default`). */
  profile: string;
  /** `--base-url` or `CONNECTOR_BASE_URL`; when absent, the profile's, then DEFAULT_BASE_URL. */
  baseUrlOverride?: string;
  json: boolean;
  /** False with `--no-input`, `CONNECTOR_NO_INPUT=1`, `CI=true`, or when stdin/stdout is not a TTY. */
  interactive: boolean;
  /** Per-request deadline in milliseconds. */
  timeoutMs: number;
  /** Retries of a request that is safe to repeat (`--retries`, `CONNECTOR_RETRIES`; default 3). */
  retries: number;
  verbose: boolean;
  color: boolean;
  env: NodeJS.ProcessEnv;
  /** `CONNECTOR_CONFIG_DIR`, else `$XDG_CONFIG_HOME/connector`, else `~/.config/connector`. */
  configDir: string;
  stdin: Readable;
  /** A note for the person (progress, warnings): stderr, redacted, suppressed by nothing. */
  note(line: string): void;
  /** A debug line, written to stderr only with `--verbose`; redacted. */
  debug(line: string): void;
  /** Shows a spinner on stderr while a wait lasts (only at a terminal, never with --json or CI); absent otherwise. */
  progress?: (label: string) => () => void;
  /** A line redrawn in place on stderr (a batch's progress bar), under the same conditions as the spinner; absent otherwise. */
  status?: StatusLine;
  /** How questions are asked when interactive (ui/prompts.ts); absent: at this terminal. */
  prompter?: Prompter;
  /** Aborted on Ctrl-C: pass it to every request. */
  signal: AbortSignal;
  /** The run's rate policies, shared by every client of the run (never by two runs). */
  rateLimits: RateLimits;
  /**
   * After `signal` aborts, how long a create already sent is still waited for, so that its token
   * is stored rather than lost (the library's; the CLI stops at once, a second Ctrl-C being its way out).
   */
  createGraceMs?: number;
  version: string;
}

/** What each HTTP client takes from the context, in one place so the platform, doctor and Twilio clients keep the same deadline, User-Agent, Ctrl-C and --verbose log. */
export function clientOptionsOf(ctx: Context): {
  timeoutMs: number;
  retries: number;
  userAgent: string;
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
  rateLimits: RateLimits;
  debug?: (line: string) => void;
  /** How the HTTP layer's messages name the caller's options (`--base-url`, or `baseUrl`). */
  words: ApiWords;
} {
  return {
    timeoutMs: ctx.timeoutMs,
    retries: ctx.retries,
    userAgent: `connector/${ctx.version}`,
    signal: ctx.signal,
    env: ctx.env,
    rateLimits: ctx.rateLimits,
    debug: ctx.verbose ? ctx.debug : undefined,
    words: ctx.words,
  };
}
