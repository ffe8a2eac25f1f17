// Secret fingerprint tags (`connector-fp:...`, made and checked in src/plan/fingerprint.ts)
// are the CLI's bookkeeping, like the operation marker: instances read from the platform
// carry them as `fingerprints`, never among their `tags`, so no output shows them as tags.

export const FINGERPRINT_TAG_PREFIX = "connector-fp:";

/** True for a tag that is a secret fingerprint, not the user's tag. */
export function isFingerprintTag(tag: string): boolean {
  return tag.startsWith(FINGERPRINT_TAG_PREFIX);
}

/** The user's tags and the fingerprint tags found among `tags`. */
export function splitFingerprintTags(tags: readonly string[]): { tags: string[]; fingerprints: string[] } {
  return { tags: tags.filter((tag) => !isFingerprintTag(tag)), fingerprints: tags.filter(isFingerprintTag) };
}
