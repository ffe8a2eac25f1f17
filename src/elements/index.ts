// The registry of known elements. Adding an element is adding its data file here.
import type { ElementDefinition, EntryDefinition } from "./types.ts";
import { twilio } from "./twilio.ts";
import { twiliov2 } from "./twiliov2.ts";

export type { ElementDefinition, EntryDefinition } from "./types.ts";

export const ELEMENTS: readonly ElementDefinition[] = [twilio, twiliov2];

export const DEFAULT_ELEMENT = "twilio";

/** The definition of `key`, or undefined when the CLI does not know that element. */
export function findElement(key: string): ElementDefinition | undefined {
  return ELEMENTS.find((element) => element.key === key);
}

/** The entry `key` of `element`, or undefined for an entry the element does not declare. */
export function findEntry(element: ElementDefinition, key: string): EntryDefinition | undefined {
  return element.entries.find((entry) => entry.key === key);
}

/** Every entry flag of every element, deduplicated (flags are shared where meanings match). */
export function allEntryFlags(): EntryDefinition[] {
  const seen = new Map<string, EntryDefinition>();
  for (const element of ELEMENTS) for (const entry of element.entries) if (entry.flag && !seen.has(entry.flag)) seen.set(entry.flag, entry);
  return [...seen.values()];
}
