// Every failure the user can meet is one of these classes. Commands throw them; only
// src/main.ts turns them into an exit code and a rendered message (see exitCodeOf).

/** The `error.code` values of the JSON contract. */
export type ErrorCode =
  "internal" | "usage" | "missing_config" | "invalid_config" | "auth" | "conflict" | "not_found" | "api" | "network" | "timeout" | "unavailable" | "provider" | "not_stored" | "interrupted";

/** One missing or invalid value, named so the user can fix it without reading docs. */
export interface Problem {
  key: string;
  problem: "missing" | "invalid";
  message: string;
  flag?: string;
  env?: string;
  /** Where in an input file the value is (or belongs): set for problems read from a file. */
  file?: string;
  line?: number;
  column?: number;
}

/** Base of every expected failure: carries the contract's error code and a next step. */
export class CliError extends Error {
  /** Fields of the JSON failure document beside `error`, such as a sent message's sid and statuses. */
  details?: Record<string, unknown>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command line: unknown option, malformed argument, conflicting flags. */
export class UsageError extends CliError {
  constructor(
    message: string,
    hint?: string,
    /** What the user probably meant (a command or option name close to the typo). */
    readonly suggestion?: string,
  ) {
    super("usage", message, hint);
  }
}

/** Configuration or platform secrets missing or invalid; nothing was sent. */
export class ConfigError extends CliError {
  constructor(
    message: string,
    readonly problems: Problem[] = [],
    hint?: string,
    /** Warnings found on the way (an unknown entry or field): often the cause of a "missing". */
    readonly warnings: string[] = [],
  ) {
    super(problems.some((p) => p.problem === "missing") || problems.length === 0 ? "missing_config" : "invalid_config", message, hint);
  }
}

/** The platform answered with an error status (relaying Twilio's error, when it did: its code and page). */
export class ApiError extends CliError {
  constructor(
    code: "auth" | "conflict" | "not_found" | "api" | "unavailable",
    message: string,
    readonly status?: number,
    readonly requestId?: string,
    hint?: string,
    readonly twilioCode?: number,
    readonly moreInfo?: string,
  ) {
    super(code, message, hint);
  }
}

export type NetworkErrorKind = "dns" | "refused" | "reset" | "timeout" | "tls" | "proxy" | "other";

/** No usable answer: the request may or may not have reached the platform. */
export class NetworkError extends CliError {
  constructor(
    readonly kind: NetworkErrorKind,
    message: string,
    hint?: string,
  ) {
    super(kind === "timeout" ? "timeout" : "network", message, hint);
  }
}

/** Twilio refused the message; the platform relayed Twilio's own code. */
export class ProviderError extends CliError {
  constructor(
    message: string,
    readonly twilioCode?: number,
    readonly status?: number,
    readonly requestId?: string,
    readonly moreInfo?: string,
    hint?: string,
  ) {
    super("provider", message, hint);
  }
}

/** `error` with `details` for its JSON document (the same error, returned for a throw). */
export function withDetails<E extends CliError>(error: E, details: Record<string, unknown>): E {
  error.details = { ...error.details, ...details };
  return error;
}

/** The same failure (class, exit code, status, request id, Twilio code, details) said with another message and hint. */
export function reword(error: CliError, message: string, hint: string | undefined = error.hint): CliError {
  let copy: CliError;
  if (error instanceof ProviderError) copy = new ProviderError(message, error.twilioCode, error.status, error.requestId, error.moreInfo, hint);
  else if (error instanceof ApiError) copy = new ApiError(error.code as ConstructorParameters<typeof ApiError>[0], message, error.status, error.requestId, hint, error.twilioCode, error.moreInfo);
  else if (error instanceof NetworkError) copy = new NetworkError(error.kind, message, hint);
  else if (error instanceof ConfigError) copy = new ConfigError(message, error.problems, hint, error.warnings);
  else copy = new CliError(error.code, message, hint);
  if (error.details) copy.details = { ...error.details };
  return copy;
}

/**
 * The instance exists on the platform but its token could not be stored: the one failure
 * after which running the same command again must not create (it says how to store it).
 */
export class NotStoredError extends CliError {
  constructor(
    message: string,
    readonly instanceId: number,
    hint?: string,
  ) {
    super("not_stored", message, hint);
  }
}

/** Ctrl-C, Ctrl-Break (Windows) or SIGTERM: src/os/stop-signals.ts. */
export class InterruptedError extends CliError {
  constructor(message = "Interrupted.") {
    super("interrupted", message);
  }
}

const EXIT_CODES: Record<ErrorCode, number> = {
  internal: 1,
  usage: 2,
  missing_config: 3,
  invalid_config: 3,
  auth: 4,
  conflict: 5,
  not_found: 5,
  api: 5,
  network: 6,
  timeout: 6,
  unavailable: 6,
  provider: 7,
  not_stored: 9,
  interrupted: 130,
};

/**
 * Not an error: `plan --detailed-exitcode` exits 8 when the plan has changes (0 when it has
 * none), so a CI step can tell "nothing to do" from "something to apply" without parsing.
 */
export const EXIT_PLAN_HAS_CHANGES = 8;

/** The one mapping from an error to the process exit code (docs/commands.md, "Exit codes"). */
export function exitCodeOf(error: unknown): number {
  return error instanceof CliError ? EXIT_CODES[error.code] : 1;
}
