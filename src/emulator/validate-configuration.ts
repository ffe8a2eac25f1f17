// Checks an instance's configuration the way the element's definition says: defaults
// applied, every required entry present, every value valid. Reports every problem at once.
import type { ElementDefinition, EntryDefinition } from "../elements/index.ts";
import { HttpFailure } from "./reply.ts";

const compiled = new Map<string, RegExp>();

function regexOf(source: string): RegExp {
  let regex = compiled.get(source);
  if (!regex) {
    regex = new RegExp(source);
    compiled.set(source, regex);
  }
  return regex;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** True when `value` satisfies every rule of the entry's `validation`. */
export function isValidEntryValue(entry: EntryDefinition, value: string): boolean {
  const { patterns, format, oneOf } = entry.validation;
  if (patterns && patterns.length > 0 && !patterns.some((p) => regexOf(p.regex).test(value))) return false;
  if (oneOf && !oneOf.includes(value)) return false;
  if (format === "http-url" && !isHttpUrl(value)) return false;
  return true;
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/**
 * The configuration with defaults applied, when it is complete and valid; otherwise a 400
 * whose message names every missing required entry and every invalid one.
 */
export function validateConfiguration(element: ElementDefinition, configuration: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...configuration };
  const missing: string[] = [];
  const invalid: string[] = [];
  for (const entry of element.entries) {
    if (isMissing(result[entry.key]) && entry.default !== undefined) result[entry.key] = entry.default;
    const value = result[entry.key];
    if (isMissing(value)) {
      if (entry.required) missing.push(entry.key);
      else delete result[entry.key];
    } else if (typeof value !== "string") {
      invalid.push(`${entry.key} (expected a string)`);
    } else if (!isValidEntryValue(entry, value)) {
      invalid.push(`${entry.key} (${entry.invalidMessage})`);
    }
  }
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`Missing required configuration entries: ${missing.join(", ")}`);
  if (invalid.length > 0) parts.push(`Invalid configuration entries: ${invalid.join(", ")}`);
  if (parts.length > 0) throw new HttpFailure(400, parts.join("; "));
  return result;
}
