// Secret fingerprints: how `plan` knows whether a masked secret on the platform still equals
// the one in the files. The platform answers every secret as "********", and the store is
// empty in a fresh CI run, so the fingerprint lives on the instance itself, as a tag:
//
//   connector-fp:v1:<key id>:<entry id>:<salt>:<mac>
//
// mac = HMAC-SHA256(key, entry key, salt, value), cut to 96 bits. The key is
// CONNECTOR_FINGERPRINT_KEY, else derived from the platform secrets: something every CI run
// has and that the platform never shows in an instance. Without the key a tag tells nothing
// and cannot even test a guess; the random salt makes equal secrets on two instances carry
// different tags. The key id says which key made a tag, so a tag from another key (another
// user, a rotated secret) reads as "unknown", never as "changed". docs/plan-apply.md says why.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Credentials } from "../api/platform.ts";
import { FINGERPRINT_TAG_PREFIX, isFingerprintTag } from "../api/fingerprint-tag.ts";

const VERSION = "v1";

export type SecretComparison = "changed" | "unchanged" | "unknown";

/** The key that makes and checks fingerprints, and its public id. */
export interface FingerprintKey {
  id: string;
  secret: Buffer;
}

/** The fingerprint key: CONNECTOR_FINGERPRINT_KEY when set, else one derived from the platform secrets. */
export function fingerprintKey(env: NodeJS.ProcessEnv, credentials: Credentials): FingerprintKey {
  const given = env.CONNECTOR_FINGERPRINT_KEY?.trim();
  const material = given ? `key\n${given}` : `platform\n${credentials.orgSecret}\n${credentials.userSecret}`;
  const secret = createHmac("sha256", "connector fingerprint key v1").update(material).digest();
  const id = createHmac("sha256", secret).update("key id").digest("hex").slice(0, 8);
  return { id, secret };
}

/** A short, stable, non-secret name of a configuration entry (tags stay short and plain). */
function entryId(entryKey: string): string {
  return createHash("sha256").update(entryKey).digest("hex").slice(0, 8);
}

function mac(key: FingerprintKey, entryKey: string, salt: string, value: string): string {
  return createHmac("sha256", key.secret).update(`${VERSION}\0${entryKey}\0${salt}\0${value}`).digest("hex").slice(0, 24);
}

/** A new fingerprint tag of `value` for `entryKey` (a fresh salt each time). */
export function makeFingerprintTag(key: FingerprintKey, entryKey: string, value: string): string {
  const salt = randomBytes(6).toString("hex");
  return `${FINGERPRINT_TAG_PREFIX}${VERSION}:${key.id}:${entryId(entryKey)}:${salt}:${mac(key, entryKey, salt, value)}`;
}

interface ParsedTag {
  keyId: string;
  entry: string;
  salt: string;
  mac: string;
}

function parseTag(tag: string): ParsedTag | undefined {
  const parts = tag.slice(FINGERPRINT_TAG_PREFIX.length).split(":");
  if (parts.length !== 5 || parts[0] !== VERSION) return undefined;
  const [, keyId = "", entry = "", salt = "", digest = ""] = parts;
  return { keyId, entry, salt, mac: digest };
}

/** The fingerprint tag of `entryKey` made with `key`, among `tags`. */
export function findFingerprintTag(key: FingerprintKey, entryKey: string, tags: readonly string[]): string | undefined {
  const entry = entryId(entryKey);
  return tags.find((tag) => {
    const parsed = isFingerprintTag(tag) ? parseTag(tag) : undefined;
    return parsed?.keyId === key.id && parsed.entry === entry;
  });
}

/** Every fingerprint tag of `entryKey`, whichever key made it. */
export function fingerprintTagsOf(entryKey: string, tags: readonly string[]): string[] {
  const entry = entryId(entryKey);
  return tags.filter((tag) => isFingerprintTag(tag) && parseTag(tag)?.entry === entry);
}

/** Whether `value` is the value that `tag` fingerprinted. */
export function matchesFingerprint(key: FingerprintKey, entryKey: string, tag: string, value: string): boolean {
  const parsed = parseTag(tag);
  if (!parsed || parsed.keyId !== key.id || parsed.entry !== entryId(entryKey)) return false;
  const expected = Buffer.from(mac(key, entryKey, parsed.salt, value));
  const actual = Buffer.from(parsed.mac);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Compares the desired `value` with what the platform's tags say of the stored secret. */
export function compareSecret(key: FingerprintKey, entryKey: string, tags: readonly string[], value: string): { comparison: SecretComparison; tag?: string } {
  const tag = findFingerprintTag(key, entryKey, tags);
  if (!tag) return { comparison: "unknown" };
  return { comparison: matchesFingerprint(key, entryKey, tag, value) ? "unchanged" : "changed", tag };
}
