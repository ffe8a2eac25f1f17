// The elements the emulator knows, read from src/elements (the single source of truth),
// described the way the platform's `GET /elements/{keyOrId}` answers.
import { ELEMENTS, findElement } from "../elements/index.ts";
import type { ElementDefinition, EntryDefinition } from "../elements/index.ts";

/** The emulator's numeric id of an element: its place in the registry, from 1. */
export function elementIdOf(element: ElementDefinition): number {
  return ELEMENTS.indexOf(element) + 1;
}

/** The element named by key or by numeric id, as `GET /elements/{keyOrId}` accepts. */
export function findElementByKeyOrId(keyOrId: string): ElementDefinition | undefined {
  const byKey = findElement(keyOrId);
  if (byKey) return byKey;
  if (!/^\d+$/.test(keyOrId)) return undefined;
  return ELEMENTS[Number(keyOrId) - 1];
}

function fieldTypeOf(entry: EntryDefinition): string {
  if (entry.secret) return "PASSWORD";
  if (entry.validation.format === "http-url") return "TEXTFIELD_1000";
  return "TEXTFIELD_64";
}

/** The element's configuration entries as the platform lists them. */
export function describeConfiguration(element: ElementDefinition): Record<string, unknown>[] {
  return element.entries.map((entry, index) => ({
    key: entry.key,
    name: entry.label,
    type: fieldTypeOf(entry),
    required: entry.required,
    defaultValue: entry.default ?? null,
    hideFromConsole: false,
    internal: false,
    displayOrder: index + 1,
  }));
}

/** The element as `GET /elements/{keyOrId}` answers it. */
export function describeElement(element: ElementDefinition): Record<string, unknown> {
  return {
    id: elementIdOf(element),
    key: element.key,
    name: element.name,
    description: element.description,
    active: true,
    configuration: describeConfiguration(element),
  };
}

/** The short element reference an instance carries. */
export function summarizeElement(key: string): { id: number | null; key: string; name: string } {
  const element = findElement(key);
  return element ? { id: elementIdOf(element), key, name: element.name } : { id: null, key, name: key };
}
