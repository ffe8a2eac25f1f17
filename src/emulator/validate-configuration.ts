// Checks an instance's configuration the way the emulated element describes it: defaults
// applied, every required entry a user can see present, every value of the right shape. The
// platform's hidden entries are its own business and never required of a body. Reports every
// problem at once, as the platform names the missing entries.
import type { EmulatedElement } from "./catalog/index.ts";
import { HttpFailure } from "./reply.ts";

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/**
 * The configuration with defaults applied, when it is complete and valid; otherwise a 400
 * whose message names every missing required entry and every invalid one.
 */
export function validateConfiguration(element: EmulatedElement, configuration: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...configuration };
  const missing: string[] = [];
  const invalid: string[] = [];
  for (const entry of element.configuration) {
    if (entry.hideFromConsole) continue;
    if (isMissing(result[entry.key]) && entry.defaultValue !== "") result[entry.key] = entry.defaultValue;
    const value = result[entry.key];
    if (isMissing(value)) {
      if (entry.required) missing.push(entry.key);
      else delete result[entry.key];
    } else if (typeof value !== "string") {
      invalid.push(`${entry.key} (expected a string)`);
    } else if (entry.rule && !entry.rule.pattern.test(value)) {
      invalid.push(`${entry.key} (${entry.rule.expects})`);
    }
  }
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`Missing required configuration entries: ${missing.join(", ")}`);
  if (invalid.length > 0) parts.push(`Invalid configuration entries: ${invalid.join(", ")}`);
  if (parts.length > 0) throw new HttpFailure(400, parts.join("; "));
  return result;
}
