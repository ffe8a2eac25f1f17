// Secrets are a type, not a habit. Every secret value the program meets (platform secrets,
// Twilio auth tokens, instance tokens) is registered here the moment it is read, and every
// byte the program writes to stdout, stderr or a log passes through `redact`, so a caller
// cannot forget to mask one.

export const MASK = "********";

const known = new Set<string>();

/** Values shorter than this are not scrubbed from text: they would mangle ordinary words. */
const MIN_SCRUB_LENGTH = 6;

/**
 * The secrets by their first three characters, longest first in each list. A batch registers
 * a token per instance, thousands of them: `redact` looks up each position of the text here
 * (a number made of three char codes: no allocation) instead of searching the text once per
 * secret, so its cost does not grow with the number of secrets.
 */
const byPrefix = new Map<number, string[]>();
const NOTHING_REVEALED: ReadonlySet<string> = new Set();

/** The three UTF-16 code units at `i` as one exact number (below 2^48). */
function prefixKey(text: string, i: number): number {
  return text.charCodeAt(i) * 0x1_0000_0000 + text.charCodeAt(i + 1) * 0x1_0000 + text.charCodeAt(i + 2);
}

/** Remembers `value` as secret so that `redact` removes it from any text. Returns it. */
export function registerSecret<T extends string | undefined>(value: T): T {
  if (value && value.length >= MIN_SCRUB_LENGTH && !known.has(value)) {
    known.add(value);
    const key = prefixKey(value, 0);
    const list = byPrefix.get(key) ?? [];
    const at = list.findIndex((other) => other.length < value.length);
    list.splice(at === -1 ? list.length : at, 0, value);
    byPrefix.set(key, list);
  }
  return value;
}

/**
 * `text` with every registered secret replaced by the mask. `reveal` names the values the
 * user asked to see (`connector token`, `--show-token`): the only way a secret gets out.
 * At each position the longest secret wins, so a registered prefix of a longer secret never
 * masks only its start; overlapping secrets are masked together, leaving no part of either.
 */
export function redact(text: string, reveal: ReadonlySet<string> = NOTHING_REVEALED): string {
  if (known.size === 0) return text;
  let out = "";
  let copied = 0;
  let runStart = -1;
  let runEnd = -1;
  for (let i = 0; i + MIN_SCRUB_LENGTH <= text.length; i++) {
    const candidates = byPrefix.get(prefixKey(text, i));
    if (!candidates) continue;
    const secret = candidates.find((value) => !reveal.has(value) && text.startsWith(value, i));
    if (secret === undefined) continue;
    if (i < runEnd) {
      runEnd = Math.max(runEnd, i + secret.length);
      continue;
    }
    if (runStart >= 0) {
      out += text.slice(copied, runStart) + MASK;
      copied = runEnd;
    }
    runStart = i;
    runEnd = i + secret.length;
  }
  if (runStart < 0) return text;
  return out + text.slice(copied, runStart) + MASK + text.slice(runEnd);
}

/** `Authorization` header values with their secrets masked, whether registered or not. */
export function redactAuthorization(value: string): string {
  return value.replace(/\b(User|Organization|Element)\s+[^,]+/g, `$1 ${MASK}`);
}

/** A deep copy of `value` with the named keys (and registered secrets anywhere) masked. */
export function redactDeep(value: unknown, secretKeys: ReadonlySet<string> = new Set()): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secretKeys));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = secretKeys.has(key) && typeof item === "string" ? MASK : redactDeep(item, secretKeys);
    }
    return out;
  }
  return value;
}

/** Only for tests: forget every registered secret. */
export function forgetSecrets(): void {
  known.clear();
  byPrefix.clear();
}
