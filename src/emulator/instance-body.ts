// Reading instance request bodies (POST, PUT, PATCH) with the platform's 400s for wrong types and
// its clean-up of names (markup stripped), and presenting a stored instance with its secret
// entries masked and the user who created it.
import { findElementByKey, isSecretEntry, summarizeElement } from "./catalog/index.ts";
import type { EmulatedElement } from "./catalog/index.ts";
import { HttpFailure } from "./reply.ts";
import type { EmulatorInstance } from "./types.ts";
import { DEFAULT_USER } from "./users.ts";

/** How the platform shows a secret value. */
export const MASKED = "********";

/** The fields of an instance body, each undefined when the body leaves it out. */
export interface InstanceBody {
  elementKey?: string;
  name?: string;
  tags?: string[];
  configuration?: Record<string, unknown>;
  disabled?: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The parsed JSON body; a 400 when it is empty, not JSON, or not an object. */
export function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === "") throw new HttpFailure(400, "A JSON request body is required.");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpFailure(400, "The request body is not valid JSON.");
  }
  if (!isRecord(value)) throw new HttpFailure(400, "The request body must be a JSON object.");
  return value;
}

/** A name as the platform keeps it: HTML tags and stray angle brackets removed (`@` and the rest kept). */
export function stripMarkup(name: string): string {
  return name
    .replace(/<[^<>]*>/g, "")
    .replace(/[<>]/g, "")
    .trim();
}

/** The instance fields of `body`, or a 400 listing every field of the wrong type. */
export function readInstanceBody(body: Record<string, unknown>): InstanceBody {
  const problems: string[] = [];
  const out: InstanceBody = {};
  const { element, name, tags, configuration, disabled } = body;
  if (element !== undefined) {
    if (isRecord(element) && typeof element.key === "string" && element.key !== "") out.elementKey = element.key;
    else problems.push('element must be an object with a non-empty key, e.g. {"key": "twilio"}');
  }
  if (name !== undefined) {
    const kept = typeof name === "string" ? stripMarkup(name) : "";
    if (kept !== "") out.name = kept;
    else problems.push("name must be a non-empty string (markup is removed)");
  }
  if (tags !== undefined) {
    if (Array.isArray(tags) && tags.every((t) => typeof t === "string")) out.tags = tags as string[];
    else problems.push("tags must be an array of strings");
  }
  if (configuration !== undefined) {
    if (!isRecord(configuration)) problems.push("configuration must be an object of entry keys to values");
    else {
      const bad = Object.keys(configuration).filter((key) => isRecord(configuration[key]) || Array.isArray(configuration[key]));
      if (bad.length > 0) problems.push(`configuration values must be strings, numbers or booleans: ${bad.join(", ")}`);
      else out.configuration = configuration;
    }
  }
  if (disabled !== undefined) {
    if (typeof disabled === "boolean") out.disabled = disabled;
    else problems.push("disabled must be true or false");
  }
  if (problems.length > 0) throw new HttpFailure(400, `Invalid instance: ${problems.join("; ")}.`);
  return out;
}

/** The element named by `key`, or a 400 (the body named an element that does not exist). */
export function requireElement(key: string | undefined, status = 400): EmulatedElement {
  if (key === undefined) throw new HttpFailure(400, 'Missing element: the body needs element.key, e.g. {"element": {"key": "twilio"}}.');
  const element = findElementByKey(key);
  if (!element) throw new HttpFailure(status, `No element found with key ${key}`);
  return element;
}

/**
 * `next` with each masked secret value ("********", as the platform returns them) replaced
 * by the value already stored, so that echoing an instance back does not lose its secrets.
 */
export function keepMaskedSecrets(element: EmulatedElement, next: Record<string, unknown>, stored: Record<string, unknown>): Record<string, unknown> {
  const out = { ...next };
  for (const key of Object.keys(out)) if (out[key] === MASKED && stored[key] !== undefined && isSecretEntry(element, key)) out[key] = stored[key];
  return out;
}

/**
 * The configuration as the platform answers it: the stored values, secrets masked; every entry of
 * the element the instance leaves unset shown with its default, or `null` (an unset callback URL),
 * so the platform's hidden entries (`base.url`, `pagination.type`, `event.*`) appear too.
 */
export function presentConfiguration(instance: EmulatorInstance): Record<string, unknown> {
  const element = findElementByKey(instance.elementKey);
  const configuration: Record<string, unknown> = {};
  for (const entry of element?.configuration ?? []) configuration[entry.key] = entry.defaultValue === "" ? null : entry.defaultValue;
  for (const [key, value] of Object.entries(instance.configuration)) configuration[key] = isSecretEntry(element, key) && value !== null ? MASKED : value;
  return configuration;
}

/** The instance as the platform answers it: token included, secret entries masked, its event and cache settings. */
export function presentInstance(instance: EmulatorInstance): Record<string, unknown> {
  const configuration = presentConfiguration(instance);
  return {
    id: instance.id,
    name: instance.name,
    token: instance.token,
    element: summarizeElement(instance.elementKey),
    valid: true,
    disabled: instance.disabled,
    tags: instance.tags,
    configuration,
    createdDate: instance.createdDate,
    updatedDate: instance.updatedDate,
    user: instance.user ?? DEFAULT_USER,
    // The platform's own settings of an instance, at the values an instance made through the API
    // shows in the developer portal's example; the emulator never changes them.
    provisionInteractions: [],
    maxCacheSize: 0,
    cacheTimeToLive: 0,
    eventsEnabled: configuration["event.notification.enabled"] === "true",
    traceLoggingEnabled: false,
    externalAuthentication: "none",
    cachingEnabled: false,
  };
}
