// The library entry (`import { provision, send } from "open-connectors-sms"`), for Node programs
// that provision per tenant. Each function runs the same command function the CLI runs, with a
// Context of its own (src/library/context.ts): never interactive, no output (a command's notes
// and warnings go to `onNote`, default: dropped), secrets and the instance document given as data,
// hints in the library's option names. Its result is returned as data, and its failure is thrown
// as the same typed error the CLI maps to an exit code. Nothing here imports the CLI's layer.
import { UsageError } from "./errors.ts";
import type { CommandResult } from "./ui/result.ts";
import { libraryContext } from "./library/context.ts";
import { withSecretRegistry } from "./secrets.ts";
import type { OptionRules } from "./library/check-options.ts";

// The published types are this file's and errors.ts's declarations (scripts/build.mjs writes
// them without a type check, so every export here spells out its types and imports no others;
// no Node-only type names either: a consumer may have no @types/node).
export { CliError, UsageError, ConfigError, ApiError, NetworkError, ProviderError, NotStoredError, InterruptedError, exitCodeOf } from "./errors.ts";
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
  env?: Record<string, string | undefined>;
  /**
   * Cancels the run; the function then rejects with InterruptedError. An answer to a create
   * already under way is still read (a few seconds at most) so that its token is stored.
   */
  signal?: AbortSignal;
  /** Receives each note and warning the CLI would print on stderr (secrets already redacted). */
  onNote?: (line: string) => void;
}

/** The instance: a document shaped like instance.json, or the path of one. */
export type InstanceSource = InstanceDocument | { file: string };

export interface ProvisionOptions extends Settings {
  /** What to do when an instance of the same element and name exists; default `fail` (an ApiError with code `conflict`, exit 5). */
  ifExists?: "fail" | "skip" | "update" | "create";
  /** Build and check the request, send nothing: the result is a ProvisionDryRun. */
  dryRun?: boolean;
}

/** The request a dry run would send (secrets masked). */
export interface PlannedRequest {
  method: "POST" | "PATCH";
  url: string;
  headers: Record<string, string>;
  body: { element: { key: string }; name: string; tags: string[]; configuration: Record<string, string> };
}

/** `provision(..., { dryRun: true })`: what would be sent; nothing was. */
export interface ProvisionDryRun {
  dryRun: true;
  request: PlannedRequest;
  /** The tag that marks this one provisioning. */
  operationTag: string;
  name: string;
  element: string;
  profile: string;
  warnings: string[];
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
  tags: string[];
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

/** One instance of `listInstances()`; never its token. */
export interface ListedInstance {
  id: number;
  name: string;
  element: string;
  profile: string;
  baseUrl: string;
  createdAt?: string;
  tags: string[];
  /** Whether its token is stored under the profile (always true without `remote`). */
  stored: boolean;
}

export interface ListInstancesOptions extends Settings {
  /** The platform's instances instead of the stored ones. */
  remote?: boolean;
  /** Only instances with this tag. */
  tag?: string;
}

export interface DeleteResult {
  id: number;
  deleted: true;
  /** False with `localOnly`: the platform was not asked. */
  remote: boolean;
  /** Whether a stored token was forgotten. */
  forgotten: boolean;
  warnings: string[];
}

export interface ValidateResult {
  problems: [];
  name: string;
  element: string;
  warnings: string[];
}

const PROVISION_RULES: OptionRules = { ifExists: ["fail", "skip", "update", "create"], dryRun: "boolean" };
const SEND_RULES: OptionRules = { to: "string", message: "string", template: "string", code: "string", instance: "string", from: "string" };

/** Provisions one instance and stores its token, exactly as `connector provision --show-token` does; with `dryRun`, sends nothing. */
export function provision(instance: InstanceSource, options: ProvisionOptions & { dryRun: true }): Promise<ProvisionDryRun>;
export function provision(instance: InstanceSource, options?: ProvisionOptions & { dryRun?: false }): Promise<ProvisionResult>;
export function provision(instance: InstanceSource, options?: ProvisionOptions): Promise<ProvisionResult | ProvisionDryRun>;
export function provision(instance: InstanceSource, options: ProvisionOptions = {}): Promise<ProvisionResult | ProvisionDryRun> {
  // The secrets this call meets are its own, released when it ends (src/secrets.ts).
  return withSecretRegistry(async () => {
    const ctx = libraryContext(options, PROVISION_RULES);
    const { provision: run } = await import("./commands/provision.ts");
    return dataOf(await run({ ...instanceInput(instance), dryRun: options.dryRun === true, ifExists: options.ifExists ?? "fail", showToken: true }, ctx));
  });
}

/** Sends one SMS through a stored instance, exactly as `connector send` does. */
export function send(options: SendOptions): Promise<SendResult> {
  // The secrets this call meets are its own, released when it ends (src/secrets.ts).
  return withSecretRegistry(async () => {
    const ctx = libraryContext(options, SEND_RULES, ["to"]);
    const { send: run } = await import("./commands/send.ts");
    const { to, message, template, code, instance, from } = options;
    return dataOf(await run({ to, message, template, code, instance, from }, ctx));
  });
}

/** Checks an instance without any network call; throws ConfigError listing every problem. */
export function validate(instance: InstanceSource, settings: Settings = {}): Promise<ValidateResult> {
  // The secrets this call meets are its own, released when it ends (src/secrets.ts).
  return withSecretRegistry(async () => {
    const ctx = libraryContext(settings);
    const { validate: run } = await import("./commands/validate.ts");
    return dataOf(await run(instanceInput(instance), ctx));
  });
}

/** The profile's stored instances (or the platform's, with `remote`). */
export function listInstances(options: ListInstancesOptions = {}): Promise<{ instances: ListedInstance[]; warnings: string[] }> {
  // The secrets this call meets are its own, released when it ends (src/secrets.ts).
  return withSecretRegistry(async () => {
    const ctx = libraryContext(options, { remote: "boolean", tag: "string" });
    const { listInstances: run } = await import("./commands/instances-list.ts");
    return dataOf(await run({ remote: options.remote === true, tag: options.tag }, ctx));
  });
}

/** Deletes the instance on the platform (unless `localOnly`) and forgets its token. */
export function deleteInstance(target: string, options: Settings & { localOnly?: boolean } = {}): Promise<DeleteResult> {
  // The secrets this call meets are its own, released when it ends (src/secrets.ts).
  return withSecretRegistry(async () => {
    const ctx = libraryContext(options, { localOnly: "boolean" });
    const { deleteInstance: run } = await import("./commands/instances-delete.ts");
    return dataOf(await run({ target: checkTarget(target), localOnly: options.localOnly === true, yes: true }, ctx));
  });
}

/** The stored token of an instance (name or id); a name not stored is a CliError with code `not_found` (exit 5), never asked of the platform. */
export function getToken(target: string, settings: Settings = {}): Promise<string> {
  // The secrets this call meets are its own, released when it ends (src/secrets.ts).
  return withSecretRegistry(async () => {
    const ctx = libraryContext(settings);
    const { printToken: run } = await import("./commands/token.ts");
    return dataOf<{ token: string }>(await run({ target: checkTarget(target) }, ctx)).token;
  });
}

/** The instance as the commands take it: a path, or the document's text given as data (never through stdin). */
function instanceInput(instance: InstanceSource): { file?: string; document?: { text: string; source: string }; entries: Record<string, string>; flagless: true } {
  if (typeof instance !== "object" || instance === null) throw new UsageError('The instance must be an instance document or { file: "path" }.');
  if ("file" in instance && typeof instance.file === "string") return { file: instance.file, entries: {}, flagless: true };
  return { document: { text: JSON.stringify(instance), source: "the instance document" }, entries: {}, flagless: true };
}

function checkTarget(target: unknown): string {
  if (typeof target !== "string" || target.trim() === "") throw new UsageError("The instance must be given by its stored name or id, a non-empty string.");
  return target;
}

/** A command's data plus its warnings: what every function returns. */
function dataOf<T>(result: CommandResult | undefined): T & { warnings: string[] } {
  return { ...(result?.data as T), warnings: result?.warnings ?? [] };
}
