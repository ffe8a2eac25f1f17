// The shape of a saved plan (`plan --out`), checked field by field when `apply --plan` reads
// one: a file edited by hand (`inputs: {}`, `changes: [null]`, a fingerprint that is a number)
// is exit 3 naming the file and the first field that is wrong, never a crash further on.
import { ConfigError } from "../errors.ts";
import type { Plan } from "./types.ts";

export const PLAN_FORMAT = "connector-plan";

export interface SavedChange extends Record<string, unknown> {
  action: string;
  element: string;
  name: string;
  id?: number;
  source?: string;
  fields?: unknown[];
  observed?: string;
  /** Fingerprints of the desired secrets, by entry key: the files must still hold these values. */
  secrets?: Record<string, string>;
}

export interface SavedPlan {
  format: typeof PLAN_FORMAT;
  version: 1;
  createdAt: string;
  profile: string;
  baseUrl: string;
  keyId: string;
  inputs: Plan["inputs"];
  prune?: string;
  replaceSecrets: boolean;
  changes: SavedChange[];
}

const ACTIONS = new Set(["create", "update", "delete", "none"]);

/** What is wrong at a field: its path in the file (`changes[2].secrets.token`) and what it should be. */
class Wrong extends Error {
  constructor(
    readonly field: string,
    readonly expected: string,
  ) {
    super(`${field} must be ${expected}`);
  }
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function record(value: unknown, field: string): Json {
  if (!isRecord(value)) throw new Wrong(field, "an object");
  return value;
}

function text(object: Json, key: string, field: string, optional = false): void {
  const value = object[key];
  if (value === undefined && optional) return;
  if (typeof value !== "string") throw new Wrong(`${field}${key}`, "text");
}

function checkChange(value: unknown, at: string): void {
  const change = record(value, at);
  if (typeof change.action !== "string" || !ACTIONS.has(change.action)) throw new Wrong(`${at}.action`, "create, update, delete or none");
  text(change, "element", `${at}.`);
  text(change, "name", `${at}.`);
  text(change, "source", `${at}.`, true);
  text(change, "observed", `${at}.`, true);
  if (change.id !== undefined && !(Number.isSafeInteger(change.id) && (change.id as number) > 0)) throw new Wrong(`${at}.id`, "a positive whole number");
  if (change.action === "delete" && change.id === undefined) throw new Wrong(`${at}.id`, "the id of the instance to delete");
  if (change.fields !== undefined) {
    if (!Array.isArray(change.fields)) throw new Wrong(`${at}.fields`, "a list");
    change.fields.forEach((field, index) => text(record(field, `${at}.fields[${index}]`), "key", `${at}.fields[${index}].`));
  }
  if (change.secrets !== undefined) {
    const secrets = record(change.secrets, `${at}.secrets`);
    for (const key of Object.keys(secrets)) text(secrets, key, `${at}.secrets.`);
  }
}

function checkPlan(value: unknown): void {
  const plan = record(value, "the document");
  if (plan.format !== PLAN_FORMAT) throw new Wrong("format", `"${PLAN_FORMAT}"`);
  if (plan.version !== 1) throw new Wrong("version", "1");
  for (const key of ["createdAt", "profile", "baseUrl", "keyId"]) text(plan, key, "");
  text(plan, "prune", "", true);
  if (typeof plan.replaceSecrets !== "boolean") throw new Wrong("replaceSecrets", "true or false");
  const inputs = record(plan.inputs, "inputs");
  if (!Array.isArray(inputs.files) || !inputs.files.every((file) => typeof file === "string")) throw new Wrong("inputs.files", "a list of paths");
  text(inputs, "batch", "inputs.", true);
  if (!Array.isArray(plan.changes)) throw new Wrong("changes", "a list");
  plan.changes.forEach((change, index) => checkChange(change, `changes[${index}]`));
}

/** `value` (read from `path`) as a saved plan; exit 3 naming `path` and the field when it is not one. */
export function checkSavedPlan(value: unknown, path: string): SavedPlan {
  try {
    checkPlan(value);
  } catch (error) {
    if (!(error instanceof Wrong)) throw error;
    const message = `The plan ${path} is not one connector plan --out wrote: ${error.message}.`;
    throw new ConfigError(message, [{ key: error.field, problem: "invalid", message, flag: "--plan" }], "Make a new one with: connector plan --file <dir> --out plan.json");
  }
  return value as SavedPlan;
}
