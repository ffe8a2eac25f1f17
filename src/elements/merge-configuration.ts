// The platform's word over ours: `GET /elements/{key}/configuration` says which entries the
// platform requires and what their defaults are. Merged over the built-in definition, it wins
// on `required` and `default`; entries only the platform lists are added (a PASSWORD is
// secret); our labels, flags, validation and prompts stay. Only the entries a user sees in the
// console count: `hideFromConsole` and `internal` entries (base.url, pagination.type, sometimes a
// required one) are the platform's own business, never asked for, required or sent. Pure.
import type { ElementDefinition, EntryDefinition } from "./types.ts";

/** One entry as the platform lists it (its documented `/elements/{key}/configuration` shape). */
export interface PlatformEntry {
  key: string;
  name?: string;
  type?: string;
  required?: boolean;
  defaultValue?: string | null;
  internal?: boolean;
  hideFromConsole?: boolean;
}

/** The platform's list, or undefined when the answer is not one (then the built-in definition stands). */
export function parsePlatformConfiguration(body: unknown): PlatformEntry[] | undefined {
  const items = Array.isArray(body)
    ? body
    : body && typeof body === "object" && Array.isArray((body as { configuration?: unknown }).configuration)
      ? (body as { configuration: unknown[] }).configuration
      : undefined;
  if (!items) return undefined;
  const entries: PlatformEntry[] = [];
  for (const item of items) {
    if (!item || typeof item !== "object" || typeof (item as { key?: unknown }).key !== "string") continue;
    const raw = item as Record<string, unknown>;
    entries.push({
      key: raw.key as string,
      ...(typeof raw.name === "string" ? { name: raw.name } : {}),
      ...(typeof raw.type === "string" ? { type: raw.type } : {}),
      ...(typeof raw.required === "boolean" ? { required: raw.required } : {}),
      ...(typeof raw.defaultValue === "string" || raw.defaultValue === null ? { defaultValue: raw.defaultValue } : {}),
      ...(typeof raw.internal === "boolean" ? { internal: raw.internal } : {}),
      ...(typeof raw.hideFromConsole === "boolean" ? { hideFromConsole: raw.hideFromConsole } : {}),
    });
  }
  return entries;
}

/** `element` with the platform's entries merged in, and one line per difference (for --verbose). */
export function mergePlatformConfiguration(element: ElementDefinition, platform: PlatformEntry[]): { element: ElementDefinition; changes: string[] } {
  const changes: string[] = [];
  const listed = new Map(platform.filter((entry) => entry.internal !== true && entry.hideFromConsole !== true).map((entry) => [entry.key, entry]));
  const entries: EntryDefinition[] = element.entries.map((entry) => {
    const theirs = listed.get(entry.key);
    if (!theirs) return entry;
    const merged: EntryDefinition = { ...entry };
    if (theirs.required !== undefined && theirs.required !== entry.required) {
      merged.required = theirs.required;
      // Our question for an optional entry says so; asked because the platform requires it, it must not.
      if (theirs.required) merged.prompt = entry.prompt.replace(/\s*\(optional\)/i, "");
      changes.push(`${entry.key} is ${theirs.required ? "required" : "optional"} on the platform`);
    }
    const platformDefault = theirs.defaultValue?.trim();
    if (platformDefault && platformDefault !== entry.default) {
      merged.default = platformDefault;
      changes.push(`${entry.key} defaults to ${entry.secret ? "a hidden value" : JSON.stringify(platformDefault)} on the platform`);
    }
    return merged;
  });
  for (const theirs of listed.values()) {
    if (element.entries.some((entry) => entry.key === theirs.key)) continue;
    entries.push(platformOnlyEntry(theirs));
    changes.push(`${theirs.key} is an entry of the platform's ${element.key} element${theirs.required ? " (required)" : ""}`);
  }
  return { element: { ...element, entries }, changes };
}

/** An entry the CLI did not know: set with --config or in the file, checked for presence only. */
function platformOnlyEntry(theirs: PlatformEntry): EntryDefinition {
  const label = theirs.name?.trim() || theirs.key;
  const fallback = theirs.defaultValue?.trim();
  return {
    key: theirs.key,
    label,
    required: theirs.required === true,
    secret: theirs.type === "PASSWORD",
    ...(fallback ? { default: fallback } : {}),
    validation: {},
    invalidMessage: "rejected",
    prompt: label,
  };
}
