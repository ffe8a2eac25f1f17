// The field-by-field difference between a desired instance and the one on the platform, and
// the body that makes it so. Pure. The platform's own additions are no difference: the tag
// it makes from the instance's name, the operation marker and the fingerprints (kept apart
// by the client), and secrets it masks, which are compared through their fingerprints.
import type { InstanceBody, PlatformInstance } from "../api/platform.ts";
import { findEntry } from "../elements/index.ts";
import type { ResolvedInstance } from "../instance/resolve.ts";
import { looksSecret } from "../instance/layers.ts";
import { MASK } from "../secrets.ts";
import { compareSecret, fingerprintTagsOf, makeFingerprintTag, type FingerprintKey } from "./fingerprint.ts";
import type { FieldChange } from "./types.ts";

export interface InstanceDiff {
  /** Every field that differs, and every secret that is not known to be unchanged. */
  fields: FieldChange[];
  /** True when applying would change the instance (an unknown secret alone does not, without --replace-secrets). */
  changed: boolean;
  /** The PATCH: the name, every tag (PATCH replaces them whole), the entries to change. */
  patch: InstanceBody;
}

/** True for an entry whose value the platform masks and the CLI never shows. */
export function isSecretEntry(desired: ResolvedInstance, key: string, platformValue?: unknown): boolean {
  return findEntry(desired.element, key)?.secret ?? (looksSecret(key) || platformValue === MASK);
}

/** The user's tags, without duplicates, in a stable order. */
function tagSet(tags: readonly string[]): string[] {
  return [...new Set(tags)].sort();
}

/**
 * The platform instance's tags as the user sees them. The client keeps apart the tag the
 * platform made from the name (`nameTagged`); it counts only when the file asks for that tag.
 */
export function userTagsOf(current: PlatformInstance, desiredTags: readonly string[]): string[] {
  const named = current.nameTagged && desiredTags.includes(current.name) ? [current.name] : [];
  return tagSet([...(current.tags ?? []).filter((tag) => tag !== current.name || desiredTags.includes(tag)), ...named]);
}

/** The fingerprint tags a create sends: one per secret entry of the body. */
export function fingerprintTagsFor(desired: ResolvedInstance, key: FingerprintKey): string[] {
  return Object.entries(desired.body.configuration)
    .filter(([entryKey]) => isSecretEntry(desired, entryKey))
    .map(([entryKey, value]) => makeFingerprintTag(key, entryKey, value));
}

/** Compares `desired` with `current`; see the file comment. */
export function diffInstance(desired: ResolvedInstance, current: PlatformInstance, key: FingerprintKey, replaceSecrets: boolean): InstanceDiff {
  const fields: FieldChange[] = [];
  const configuration: Record<string, string> = {};
  const fingerprints = current.fingerprints ?? [];
  let keptFingerprints = [...fingerprints];
  const newFingerprints: string[] = [];
  let changed = false;

  if (desired.body.name !== current.name) {
    fields.push({ key: "name", from: current.name, to: desired.body.name });
    changed = true;
  }
  const wantedTags = tagSet(desired.body.tags);
  const haveTags = userTagsOf(current, desired.body.tags);
  if (wantedTags.join("\n") !== haveTags.join("\n")) {
    fields.push({ key: "tags", from: haveTags, to: wantedTags });
    changed = true;
  }
  const stored = current.configuration ?? {};
  for (const [entryKey, value] of Object.entries(desired.body.configuration)) {
    const now = stored[entryKey];
    if (isSecretEntry(desired, entryKey, now)) {
      const compared = now === undefined || now === null || now === "" ? { comparison: "changed" as const } : compareSecret(key, entryKey, fingerprints, value);
      if (compared.comparison === "unchanged") continue;
      fields.push({ key: entryKey, secret: true, comparison: compared.comparison });
      if (compared.comparison === "unknown" && !replaceSecrets) continue;
      configuration[entryKey] = value;
      keptFingerprints = keptFingerprints.filter((tag) => !fingerprintTagsOf(entryKey, [tag]).length);
      newFingerprints.push(makeFingerprintTag(key, entryKey, value));
      changed = true;
    } else if (now === undefined || now === null || String(now) !== value) {
      fields.push({ key: entryKey, ...(now === undefined || now === null ? {} : { from: now }), to: value });
      configuration[entryKey] = value;
      changed = true;
    }
  }
  // The name tag the platform added is sent back as it was: the diff ignores it, the PATCH keeps it.
  const nameTag = (current.nameTagged || (current.tags ?? []).includes(current.name)) && !wantedTags.includes(current.name) ? [current.name] : [];
  const patch: InstanceBody = {
    element: { key: desired.body.element.key },
    name: desired.body.name,
    tags: [...wantedTags, ...nameTag, ...keptFingerprints, ...newFingerprints],
    configuration,
  };
  return { fields, changed, patch };
}
