// Checks an instance's configuration the way the element's definition says: defaults
// applied, every required entry present, every value valid. Reports every problem at once.
import type { ElementDefinition } from "../elements/index.ts";
import { checkEntryValue } from "../elements/check-value.ts";
import { HttpFailure } from "./reply.ts";

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
    } else if (!checkEntryValue(entry, value)) {
      invalid.push(`${entry.key} (${entry.invalidMessage})`);
    }
  }
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`Missing required configuration entries: ${missing.join(", ")}`);
  if (invalid.length > 0) parts.push(`Invalid configuration entries: ${invalid.join(", ")}`);
  if (parts.length > 0) throw new HttpFailure(400, parts.join("; "));
  return result;
}
