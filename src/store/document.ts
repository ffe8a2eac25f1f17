// What store.json must look like, checked every time it is read. A file that is not a store
// is never "repaired": the tokens in it cannot be fetched again from the platform, so the
// user is told where it is and decides. Every secret in it is registered as it is read.
import { ConfigError } from "../errors.ts";
import { registerSecret, registerUrlSecret } from "../secrets.ts";
import type { InstanceRecord, ProfileRecord, StoreDocument } from "./types.ts";

/** The format this code writes; a file with a higher version came from a newer connector. */
export const STORE_VERSION = 1;

export const PROFILE_FIELDS = ["baseUrl", "userSecret", "orgSecret", "secretStore", "updatedAt"] as const;

/** The values of a profile's `secretStore` this version knows. */
const SECRET_STORES: readonly unknown[] = ["keychain", "file"];
export const INSTANCE_FIELDS = ["id", "name", "element", "profile", "baseUrl", "tags", "token", "sender", "templates", "createdAt", "operationId"] as const;

/** Raised while parsing (inside conf); turned into a ConfigError naming the file. */
export class StoreShapeError extends Error {
  constructor(
    readonly detail: string,
    readonly wayOut?: string,
  ) {
    super(detail);
  }
}

type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkStrings(record: Loose, where: string, required: string[], optional: string[]): string | undefined {
  for (const key of required) if (typeof record[key] !== "string") return `${where}.${key} is not a string`;
  for (const key of optional) {
    if (record[key] !== undefined && typeof record[key] !== "string") return `${where}.${key} is not a string`;
  }
  return undefined;
}

/** Why `value` is not a stored profile, or undefined when it is one. */
export function describeProfileProblem(value: unknown, where: string): string | undefined {
  if (!isObject(value)) return `${where} is not an object`;
  const problem = checkStrings(value, where, ["updatedAt"], ["baseUrl", "userSecret", "orgSecret"]);
  if (problem) return problem;
  if (value.secretStore !== undefined && !SECRET_STORES.includes(value.secretStore)) return `${where}.secretStore is neither "keychain" nor "file"`;
  return undefined;
}

/** Why `value` is not a stored instance, or undefined when it is one. */
export function describeInstanceProblem(value: unknown, where: string): string | undefined {
  if (!isObject(value)) return `${where} is not an object`;
  if (!Number.isSafeInteger(value.id)) return `${where}.id is not an integer`;
  const strings = checkStrings(value, where, ["name", "element", "profile", "baseUrl", "token", "createdAt"], ["sender", "operationId"]);
  if (strings) return strings;
  const { tags, templates } = value;
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === "string")) return `${where}.tags is not a list of strings`;
  if (!Array.isArray(templates)) return `${where}.templates is not a list`;
  for (const [index, template] of templates.entries()) {
    if (!isObject(template)) return `${where}.templates[${index}] is not an object`;
    const problem = checkStrings(template, `${where}.templates[${index}]`, ["usageType", "content"], []);
    if (problem) return problem;
  }
  return undefined;
}

function describeDocumentProblem(value: unknown): string | undefined {
  if (!isObject(value)) return "its top level is not a JSON object";
  if (value.version !== undefined && !Number.isSafeInteger(value.version)) return "version is not an integer";
  if (value.profiles !== undefined) {
    if (!isObject(value.profiles)) return "profiles is not an object";
    for (const [name, profile] of Object.entries(value.profiles)) {
      const problem = describeProfileProblem(profile, `profiles[${JSON.stringify(name)}]`);
      if (problem) return problem;
    }
  }
  if (value.instances !== undefined) {
    if (!Array.isArray(value.instances)) return "instances is not a list";
    for (const [index, instance] of value.instances.entries()) {
      const problem = describeInstanceProblem(instance, `instances[${index}]`);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Parses store.json (conf's `deserialize`): a store document, or a StoreShapeError. */
export function parseStoreText(text: string): StoreDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's own message quotes the file, which may hold tokens: never show it.
    throw new StoreShapeError(text.trim() === "" ? "it is empty" : "it is not valid JSON (truncated or edited by hand?)");
  }
  const problem = describeDocumentProblem(value);
  if (problem) throw new StoreShapeError(problem);
  const document = value as StoreDocument;
  if ((document.version ?? STORE_VERSION) > STORE_VERSION) {
    throw new StoreShapeError(`it was written by a newer connector (store format ${document.version})`, "upgrade connector to use it");
  }
  registerDocumentSecrets(document);
  return document;
}

/** Marks every platform secret and instance token of the document as secret. */
export function registerDocumentSecrets(document: StoreDocument): void {
  for (const profile of Object.values(document.profiles ?? {})) {
    registerSecret(profile.userSecret);
    registerSecret(profile.orgSecret);
    registerUrlSecret(profile.baseUrl);
  }
  for (const instance of document.instances ?? []) {
    registerSecret(instance.token);
    registerUrlSecret(instance.baseUrl);
  }
}

/** The error every command shows for a store it cannot use; the file is left untouched. */
export function unusableStoreError(path: string, error: StoreShapeError): ConfigError {
  const wayOut = error.wayOut ?? `fix or move ${path} aside; the instance tokens it holds cannot be recovered from the platform`;
  const message = `Cannot use the connector store ${path}: ${error.detail}. Nothing was changed: ${wayOut}.`;
  return new ConfigError(message, [{ key: path, problem: "invalid", message }]);
}

/** Sets an own property even for names like `__proto__`, which plain assignment would not. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `next` plus the fields of `existing` this version does not know (written by a newer one). */
export function keepUnknownFields<T extends ProfileRecord | InstanceRecord>(existing: object | undefined, next: T, known: readonly string[]): T {
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(existing ?? {})) if (!known.includes(key)) setOwn(merged, key, value);
  for (const [key, value] of Object.entries(next)) if (value !== undefined) setOwn(merged, key, value);
  return merged as T;
}
