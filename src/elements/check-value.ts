// Judging one entry value the way its element definition says, for the CLI's validation. (The
// emulator judges values by its own rules, so the two can disagree and a test can notice.)
import type { EntryDefinition } from "./types.ts";

const compiled = new Map<string, RegExp>();

function compile(regex: string): RegExp {
  let pattern = compiled.get(regex);
  if (!pattern) {
    pattern = new RegExp(regex);
    compiled.set(regex, pattern);
  }
  return pattern;
}

/** True when `value` satisfies the entry's validation: one of its patterns, its oneOf, its format. */
export function checkEntryValue(entry: EntryDefinition, value: string): boolean {
  const { patterns, oneOf, format } = entry.validation;
  if (patterns && patterns.length > 0 && !patterns.some((pattern) => compile(pattern.regex).test(value))) return false;
  if (oneOf && !oneOf.includes(value)) return false;
  if (format === "http-url" && !isHttpUrl(value)) return false;
  return true;
}

/** An absolute `http:` or `https:` URL with a host, as `new URL` understands it. */
export function isHttpUrl(value: string): boolean {
  // WHATWG URL reads `http:///x` as host `x`: demand the host right after the slashes.
  if (!/^https?:\/\/[^/?#\\\s]/i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}
