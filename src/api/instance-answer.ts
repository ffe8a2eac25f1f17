// Reading the platform's instance answers, in one place. The platform answers in more shapes
// than one example shows: tags as strings, as objects `{id, name}` (the portal's POST example)
// or, behind some proxies, one string; `createdDate` as text or a number; and it adds the
// instance's name to its tags. What can be read is normalised here; what cannot be (an id that
// is not a positive whole number, a token that is not text) is refused with the field's name,
// never guessed, so nothing unreadable reaches the store.
import { ApiError } from "../errors.ts";
import { registerSecret } from "../secrets.ts";
import { splitOperationTags } from "./operation-tag.ts";
import { splitFingerprintTags } from "./fingerprint-tag.ts";

export interface PlatformInstance {
  id: number;
  name: string;
  token?: string;
  element: { id?: number; key: string; name?: string };
  /** The user's tags: never the operation marker, never the name the platform adds. */
  tags?: string[];
  /** True when the platform listed the instance's name among its tags (it adds it itself). */
  nameTagged?: boolean;
  configuration?: Record<string, unknown>;
  disabled?: boolean;
  valid?: boolean;
  /** An ISO 8601 date, whatever form the platform gave it in. */
  createdDate?: string;
  /** The provisioning that created it (its `connector-op:` tag, which `tags` never holds). */
  operationId?: string;
  /** Its secret fingerprint tags (src/api/fingerprint-tag.ts), which `tags` never holds. */
  fingerprints?: string[];
}

/**
 * An answer the platform sent that cannot be read (exit 5, `api`). `instanceId` is set when the
 * answer still says which instance it is about: without it, the answer to a POST leaves the
 * outcome unknown, and the instance is looked up by its operation marker.
 */
export class UnreadableAnswerError extends ApiError {
  constructor(
    message: string,
    readonly field: string | undefined,
    readonly instanceId?: number,
    answer?: AnswerMeta,
  ) {
    super(
      "api",
      message,
      answer?.status,
      answer?.requestId,
      "Check --base-url (the platform's API root, ending in /elements/api-v2) and that no proxy between you and the platform rewrites its answers.",
    );
  }
}

/** The status and request id of the answer being read, for the error that quotes them. */
export interface AnswerMeta {
  status: number;
  requestId?: string;
}

/** Checks and normalises one instance of an answer to `where`; its token is registered as secret. */
export function readInstance(value: unknown, where: string, answer?: AnswerMeta): PlatformInstance {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new UnreadableAnswerError(`The answer to ${where} is not an instance (got ${kindOf(value)}).`, undefined, undefined, answer);
  }
  const record = value as Record<string, unknown>;
  const id = readId(record.id);
  if (id === undefined) throw new UnreadableAnswerError(`The answer to ${where} has an unreadable id: expected a positive whole number, got ${describe(record.id)}.`, "id", undefined, answer);
  const element = record.element as Record<string, unknown> | undefined;
  if (!element || typeof element !== "object" || typeof element.key !== "string") {
    throw new UnreadableAnswerError(`The answer to ${where} has no element key for instance ${id}.`, "element", id, answer);
  }
  if (record.token !== undefined && record.token !== null && typeof record.token !== "string") {
    throw new UnreadableAnswerError(
      `The answer to ${where} has an unreadable token: expected text, got ${kindOf(record.token)}. Instance ${id} exists on the platform, but its token could not be read, so nothing was stored.`,
      "token",
      id,
      answer,
    );
  }
  const token = typeof record.token === "string" && record.token !== "" ? registerSecret(record.token) : undefined;
  const name = typeof record.name === "string" ? record.name : "";
  const tags = readTags(record.tags);
  const marked = tags ? splitOperationTags(tags) : undefined;
  const fingerprinted = marked ? splitFingerprintTags(marked.tags) : undefined;
  const createdDate = readDate(record.createdDate);
  return {
    id,
    name,
    element: element as PlatformInstance["element"],
    ...(token ? { token } : {}),
    ...(fingerprinted ? { tags: fingerprinted.tags.filter((tag) => tag !== name), nameTagged: name !== "" && fingerprinted.tags.includes(name) } : {}),
    ...(marked?.operationId ? { operationId: marked.operationId } : {}),
    ...(fingerprinted?.fingerprints.length ? { fingerprints: fingerprinted.fingerprints } : {}),
    ...(createdDate ? { createdDate } : {}),
    ...(isRecord(record.configuration) ? { configuration: record.configuration } : {}),
    ...(typeof record.disabled === "boolean" ? { disabled: record.disabled } : {}),
    ...(typeof record.valid === "boolean" ? { valid: record.valid } : {}),
  };
}

/** A positive safe integer, or its decimal text; undefined for anything else (1.5, 1e300, -3, "12abc"). */
function readId(value: unknown): number | undefined {
  const id = typeof value === "string" && /^\d{1,16}$/.test(value) ? Number(value) : value;
  return typeof id === "number" && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/**
 * Tag names out of strings, objects `{id, name}` or one comma-separated string (an undocumented
 * shape: a tag holding a comma cannot be read back from it). Items of no known shape are skipped.
 */
function readTags(value: unknown): string[] | undefined {
  const items = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : undefined;
  if (!items) return undefined;
  const tags: string[] = [];
  for (const item of items) {
    const tag = typeof item === "string" ? item : isRecord(item) && typeof item.name === "string" ? item.name : undefined;
    if (tag !== undefined && tag.trim() !== "") tags.push(typeof value === "string" ? tag.trim() : tag);
  }
  return tags;
}

/** An ISO date from text (kept as given) or a number (milliseconds since 1970); undefined otherwise. */
function readDate(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return value;
  if (typeof value !== "number") return undefined;
  const date = new Date(value);
  return Number.isFinite(date.getTime()) ? date.toISOString() : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value);
}

/** A value for a message: short numbers and text as they are, anything else by its kind. */
function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 24 ? `${value.slice(0, 23)}…` : value);
  return kindOf(value);
}

function kindOf(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return value.trimStart().startsWith("<") ? "an HTML page" : "text";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
