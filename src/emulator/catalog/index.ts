// The elements the emulated platform offers, found by key or numeric id, and described the way
// `GET /elements/{keyOrId}` answers (the emulator's value rules left out: the platform shows none).
import { TWILIO } from "./twilio.ts";
import { TWILIOV2 } from "./twiliov2.ts";
import type { ConfigurationEntry, EmulatedElement } from "./types.ts";

export type { ConfigurationEntry, EmulatedElement } from "./types.ts";

const CATALOG: readonly EmulatedElement[] = [TWILIO, TWILIOV2];

/** The element with this key, or with this numeric id. */
export function findCatalogElement(keyOrId: string): EmulatedElement | undefined {
  return CATALOG.find((element) => element.key === keyOrId || String(element.id) === keyOrId);
}

/** The element with exactly this key (an instance body or a stored instance names it so). */
export function findElementByKey(key: string): EmulatedElement | undefined {
  return CATALOG.find((element) => element.key === key);
}

/** The element's configuration entries as the platform lists them. */
export function describeConfiguration(element: EmulatedElement): ConfigurationEntry[] {
  return element.configuration.map(({ rule: _rule, ...entry }) => entry);
}

/** The element as `GET /elements/{keyOrId}` answers it. */
export function describeElement(element: EmulatedElement): Record<string, unknown> {
  const { id, key, name, description, hub, authentication } = element;
  return { id, key, name, description, hub, active: true, authentication, configuration: describeConfiguration(element) };
}

/** The short element reference an instance carries; an element the emulator lost (a state file) keeps its key. */
export function summarizeElement(key: string): { id: number | null; key: string; name: string } {
  const element = findElementByKey(key);
  return element ? { id: element.id, key, name: element.name } : { id: null, key, name: key };
}

/** True when `key` is an entry of `element` whose values the platform masks. */
export function isSecretEntry(element: EmulatedElement | undefined, key: string): boolean {
  return element?.configuration.some((entry) => entry.key === key && entry.type === "PASSWORD") ?? false;
}
