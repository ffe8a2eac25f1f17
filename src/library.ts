// The library entry (`import { provision, send } from "open-connectors-sms"`), for Node programs
// that provision per tenant. Each function runs the same command function the CLI runs, with a
// Context made the same way (src/cli/context-from-options.ts) but never interactive and with no
// output: a command's notes and warnings go to `onNote` (default: dropped), its result is
// returned as data, and its failure is thrown as the same typed error the CLI maps to an exit code.
import { PassThrough, Readable, Writable } from "node:stream";
import { createContext } from "./cli/context-from-options.ts";
import type { Context } from "./context.ts";
import type { CommandResult } from "./ui/result.ts";
import { nonEmpty } from "./values.ts";

// The published types are this file's and errors.ts's declarations (scripts/build.mjs writes
// them without a type check, so every export here spells out its types and imports no others).
export { CliError, UsageError, ConfigError, ApiError, NetworkError, ProviderError, InterruptedError, exitCodeOf } from "./errors.ts";
export type { ErrorCode, Problem, NetworkErrorKind } from "./errors.ts";

/** An instance.json's content; `${NAME}` in a value is read from `env`, as in a file. */
export interface InstanceDocument {
  $schema?: string;
  element?: { key: string };
  name?: string;
  tags?: string[];
  configuration: Record<string, string | number | boolean>;
  /** Message templates, stored with the token and never sent: each content holds `{{code}}`. */
  templates?: { usageType: string; content: string }[];
}

/** Where and as whom to run; each falls back to the environment, then the stored profile, as in the CLI. */
export interface Settings {
  /** Stored profile (`--profile`); default `CONNECTOR_PROFILE`, else `default`. */
  profile?: string;
  /** Platform API root (`--base-url`), including `/elements/api-v2`. */
  baseUrl?: string;
  /** Platform secrets; default `CONNECTOR_USER_SECRET` / `CONNECTOR_ORG_SECRET`, else the profile's. */
  userSecret?: string;
  orgSecret?: string;
  /** Per-request deadline in seconds (`--timeout`); default 30. */
  timeoutSeconds?: number;
  /** Retries of a request that is safe to repeat (`--retries`); default 3. */
  retries?: number;
  /** The environment `${NAME}` references and defaults are read from; default `process.env`. Never modified. */
  env?: NodeJS.ProcessEnv;
  /** Cancels the run; the function then rejects with InterruptedError. */
  signal?: AbortSignal;
  /** Receives each note and warning the CLI would print on stderr (secrets already redacted). */
  onNote?: (line: string) => void;
}

/** The instance: a document shaped like instance.json, or the path of one. */
export type InstanceSource = InstanceDocument | { file: string };

export interface ProvisionOptions extends Settings {
  /** What to do when an instance of the same element and name exists; default `fail` (ConflictError). */
  ifExists?: "fail" | "skip" | "update" | "create";
  /** Build and check the request, send nothing: the result holds `request`. */
  dryRun?: boolean;
}

export interface ProvisionResult {
  id: number;
  name: string;
  element: string;
  profile: string;
  /** False when an existing instance was kept or updated. */
  created: boolean;
  action: "created" | "kept" | "updated";
  baseUrl: string;
  /** The instance token (also stored under the profile, as the CLI stores it). */
  token: string;
  warnings: string[];
}

export interface SendOptions extends Settings {
  to: string;
  /** A literal message, or `template` (a usageType of the instance's templates) with an optional `code`. */
  message?: string;
  template?: string;
  code?: string;
  /** Stored instance name or id; default the profile's only instance. */
  instance?: string;
  from?: string;
}

export interface SendResult {
  sid: string;
  status: string;
  to: string;
  instance: string;
  /** The template used (the one asked for, or `Generic` when the instance has none of that usageType). */
  template?: string;
  /** The code filled in, when the library made it. */
  code?: string;
  warnings: string[];
}

export interface ValidateResult {
  problems: [];
  name: string;
  element: string;
  warnings: string[];
}

/** Provisions one instance and stores its token, exactly as `connector provision --show-token` does. */
export async function provision(instance: InstanceSource, options: ProvisionOptions = {}): Promise<ProvisionResult> {
  const { provision: run } = await import("./commands/provision.ts");
  return withContext(options, instance, (ctx) => run({ ...instanceFlags(instance), dryRun: options.dryRun === true, ifExists: options.ifExists ?? "fail", showToken: true }, ctx));
}

/** Sends one SMS through a stored instance, exactly as `connector send` does. */
export async function send(options: SendOptions): Promise<SendResult> {
  const { send: run } = await import("./commands/send.ts");
  const { to, message, template, code, instance, from } = options;
  return withContext(options, undefined, (ctx) => run({ to, message, template, code, instance, from }, ctx));
}

/** Checks an instance without any network call; throws ConfigError listing every problem. */
export async function validate(instance: InstanceSource, settings: Settings = {}): Promise<ValidateResult> {
  const { validate: run } = await import("./commands/validate.ts");
  return withContext(settings, instance, (ctx) => run(instanceFlags(instance), ctx));
}

/** The profile's stored instances (or the platform's, with `remote`). */
export async function listInstances(options: Settings & { remote?: boolean; tag?: string } = {}): Promise<{ instances: Record<string, unknown>[]; warnings: string[] }> {
  const { listInstances: run } = await import("./commands/instances-list.ts");
  return withContext(options, undefined, (ctx) => run({ remote: options.remote === true, tag: options.tag }, ctx));
}

/** Deletes the instance on the platform (unless `localOnly`) and forgets its token. */
export async function deleteInstance(target: string, options: Settings & { localOnly?: boolean } = {}): Promise<{ id: number; deleted: true; warnings: string[] }> {
  const { deleteInstance: run } = await import("./commands/instances-delete.ts");
  return withContext(options, undefined, (ctx) => run({ target, localOnly: options.localOnly === true, yes: true }, ctx));
}

/** The stored token of an instance (name or id). */
export async function getToken(target: string, settings: Settings = {}): Promise<string> {
  const { printToken: run } = await import("./commands/token.ts");
  const result = await withContext<{ token: string }>(settings, undefined, (ctx) => run({ target }, ctx));
  return result.token;
}

function instanceFlags(instance: InstanceSource): { file: string; entries: Record<string, string> } {
  return { file: "file" in instance && typeof instance.file === "string" ? instance.file : "-", entries: {} };
}

/** Runs `command` with a library Context and returns its data plus its warnings. */
async function withContext<T>(settings: Settings, instance: InstanceSource | undefined, command: (ctx: Context) => Promise<CommandResult | undefined>): Promise<T & { warnings: string[] }> {
  const env: NodeJS.ProcessEnv = { ...(settings.env ?? process.env) };
  if (settings.userSecret !== undefined) env.CONNECTOR_USER_SECRET = settings.userSecret;
  if (settings.orgSecret !== undefined) env.CONNECTOR_ORG_SECRET = settings.orgSecret;
  const document = instance && !("file" in instance && typeof instance.file === "string") ? JSON.stringify(instance) : "";
  const ctx = createContext(
    {
      json: true,
      input: false,
      color: false,
      verbose: false,
      // The CLI's precedence: the setting (its flag), then the environment, then the default.
      profile: settings.profile ?? nonEmpty(env.CONNECTOR_PROFILE) ?? "default",
      baseUrl: settings.baseUrl ?? nonEmpty(env.CONNECTOR_BASE_URL),
      timeout: settings.timeoutSeconds?.toString() ?? nonEmpty(env.CONNECTOR_TIMEOUT) ?? "30",
      retries: settings.retries?.toString() ?? nonEmpty(env.CONNECTOR_RETRIES) ?? "3",
    },
    { stdin: Readable.from([document]), stdout: new PassThrough(), stderr: lineWriter(settings.onNote), env, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false },
    settings.signal ?? new AbortController().signal,
  );
  const result = await command(ctx);
  return { ...(result?.data as T), warnings: result?.warnings ?? [] };
}

function lineWriter(onLine: ((line: string) => void) | undefined): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split("\n")) if (line !== "") onLine?.(line);
      callback();
    },
  });
}
