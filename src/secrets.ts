// Secrets are a type, not a habit. Every secret value the program meets (platform secrets,
// Twilio auth tokens, instance tokens) is registered here the moment it is read, and every
// byte the program writes to stdout, stderr or a log passes through `redact`, so a caller
// cannot forget to mask one.

export const MASK = "********";

const known = new Set<string>();

/** Values shorter than this are not scrubbed from text: they would mangle ordinary words. */
const MIN_SCRUB_LENGTH = 6;

/** Remembers `value` as secret so that `redact` removes it from any text. Returns it. */
export function registerSecret<T extends string | undefined>(value: T): T {
  if (value && value.length >= MIN_SCRUB_LENGTH) known.add(value);
  return value;
}

/**
 * `text` with every registered secret replaced by the mask. `reveal` names the values the
 * user asked to see (`connector token`, `--show-token`): the only way a secret gets out.
 */
export function redact(text: string, reveal: ReadonlySet<string> = new Set()): string {
  let out = text;
  // Longest first: a registered prefix of a longer secret must not mask only its start.
  for (const secret of [...known].sort((a, b) => b.length - a.length)) {
    if (!reveal.has(secret) && out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
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
}
