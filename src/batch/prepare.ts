// Turning one item of a batch into an instance ready to send: parse its JSON, apply the
// command line's flags and the environment on top (the same precedence as a single
// `provision`), validate it, and name the shard it belongs to. Nothing here touches the
// network: the element's platform metadata is looked up once per element by the caller.
import { ConfigError } from "../errors.ts";
import type { InstanceFlags } from "../instance/flags.ts";
import { DEFAULT_ELEMENT, type ElementDefinition } from "../elements/index.ts";
import { parseInstanceDocument, type InstanceDocument } from "../instance/document.ts";
import { resolveInstance, type ResolvedInstance } from "../instance/resolve.ts";
import type { RawItem } from "./sources.ts";
import { locateProblems } from "../instance/locate.ts";
import { cannotProvisionMessage } from "../instance/cannot-provision.ts";

/** An item after parsing: either sendable (`resolved`) or failed (`error`). */
export interface PreparedItem {
  index: number;
  source: string;
  /** What decides the item's shard: its name, or its source when it has no usable name. */
  shardKey: string;
  name?: string;
  resolved?: ResolvedInstance;
  error?: unknown;
}

/** The element definition to build with (the platform's metadata merged in), by element key. */
export type ElementLookup = (key: string) => Promise<ElementDefinition | undefined>;

/** Parses and validates one item under the batch's flags; problems become the item's ConfigError. */
export async function prepareItem(raw: RawItem, flags: InstanceFlags, env: NodeJS.ProcessEnv, lookUpElement?: ElementLookup): Promise<PreparedItem> {
  const base = { index: raw.index, source: raw.source, shardKey: raw.source };
  if (raw.error !== undefined || raw.text === undefined) return { ...base, error: raw.error };
  let document: InstanceDocument;
  try {
    document = parseInstanceDocument(raw.text, raw.source);
  } catch (error) {
    return { ...base, error };
  }
  const elementKey = flags.element?.trim() || document.element?.key.trim() || DEFAULT_ELEMENT;
  const element = lookUpElement ? await lookUpElement(elementKey) : undefined;
  const resolved = resolveInstance({
    document,
    element,
    elementKey: flags.element,
    tags: flags.tag,
    entryFlags: flags.entries,
    config: flags.config ?? [],
    env,
  });
  const name = resolved.body.name || undefined;
  const item = { ...base, shardKey: name ?? raw.source, ...(name ? { name } : {}) };
  if (resolved.problems.length > 0) {
    const message = cannotProvisionMessage({ entries: resolved.problems.length, source: raw.source });
    return { ...item, error: new ConfigError(message, locateProblems(resolved.problems, raw.text, raw.source)) };
  }
  return { ...item, resolved };
}
