// Secrets are a type, not a habit. Every secret value the program meets (platform secrets,
// Twilio auth tokens, instance tokens) is registered here the moment it is read, and every
// byte the program writes to stdout, stderr or a log passes through `redact`, so a caller
// cannot forget to mask one.
//
// The secrets belong to whoever met them: the CLI has one registry for its process, and each
// library call runs in a registry of its own (withSecretRegistry), released when the call ends, so
// a long-lived server that lists instances all day does not keep every token it ever saw.
import { AsyncLocalStorage } from "node:async_hooks";

export const MASK = "********";

/**
 * Values shorter than this are not scrubbed from text: they would mangle ordinary words. Platform
 * secrets shorter than this are refused as invalid (src/platform/platform-secrets.ts), so
 * every secret the program sends is also one it can mask.
 */
export const MIN_SECRET_LENGTH = 4;
const MIN_SCRUB_LENGTH = MIN_SECRET_LENGTH;

class SecretRegistry {
  readonly known = new Set<string>();
  /** The values registerSecret was given (each with its JSON forms already remembered). */
  readonly registered = new Set<string>();
  /** What replaces a secret that has a mask of its own (a URL's `user:password@` keeps its user). */
  readonly masks = new Map<string, string>();
  /**
   * The secrets by their first three characters, longest first in each list. A batch registers
   * a token per instance, thousands of them: `redact` looks up each position of the text here
   * (a number made of three char codes: no allocation) instead of searching the text once per
   * secret, so its cost does not grow with the number of secrets.
   */
  readonly byPrefix = new Map<number, string[]>();
}

/** The process's registry: the CLI's, and anything registered outside a library call. */
const processRegistry = new SecretRegistry();
const callRegistry = new AsyncLocalStorage<SecretRegistry>();

/** The registry of the running call, else the process's. */
function active(): SecretRegistry {
  return callRegistry.getStore() ?? processRegistry;
}

/**
 * Runs `work` with a registry of its own: what it registers masks only its own output and is
 * dropped with it. A library call wraps itself in this; the CLI never does.
 */
export function withSecretRegistry<T>(work: () => Promise<T>): Promise<T> {
  return callRegistry.run(new SecretRegistry(), work);
}

/** How many values (with their JSON forms) the active registry holds: for tests of its bounds. */
export function secretCount(): number {
  return active().known.size;
}

const NOTHING_REVEALED: ReadonlySet<string> = new Set();

/** What JSON.stringify escapes in a string: `"`, `\\`, control characters, lone surrogates. */
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * The environment variables that hold a secret: registered at start whatever the command, and
 * wherever an instance file refers to one (`${CONNECTOR_FINGERPRINT_KEY}` in a name or a tag)
 * its value is masked too. An element's secret entries add their own variables (context-from-options).
 */
export const SECRET_VARIABLES: readonly string[] = ["CONNECTOR_USER_SECRET", "CONNECTOR_ORG_SECRET", "CONNECTOR_FINGERPRINT_KEY", "CONNECTOR_INSTANCE_TOKEN", "TWILIO_AUTH_TOKEN", "TWILIO_API_SECRET"];

/** The three UTF-16 code units at `i` as one exact number (below 2^48). */
function prefixKey(text: string, i: number): number {
  return text.charCodeAt(i) * 0x1_0000_0000 + text.charCodeAt(i + 1) * 0x1_0000 + text.charCodeAt(i + 2);
}

/**
 * Remembers `value` as secret so that `redact` removes it from any text. Returns it. Its JSON
 * form (`"`, `\\` and control characters escaped) is remembered too, and that form's own JSON form:
 * a secret inside a body quoted in an error message, itself printed by --json, stays masked.
 */
export function registerSecret<T extends string | undefined>(value: T): T {
  const { registered } = active();
  // A batch registers the same Auth Token once per instance: the second time costs a lookup.
  if (value && !registered.has(value)) {
    registered.add(value);
    remember(value);
    // Most secrets hold nothing JSON escapes, so their JSON forms are themselves.
    if (NEEDS_ESCAPING.test(value)) {
      const quoted = JSON.stringify(value).slice(1, -1);
      remember(quoted);
      remember(JSON.stringify(quoted).slice(1, -1));
    }
  }
  return value;
}

/**
 * Registers the password of a URL (`https://user:pass@host/...`): the text `user:pass@` is shown
 * as `user:****@` wherever it appears, and the password alone (when long enough) is masked too.
 */
export function registerUrlSecret(text: string | undefined): void {
  if (!text || !URL.canParse(text)) return;
  const url = new URL(text);
  if (!url.password) return;
  // As the URL parser writes it, and as typed (they differ when the user left characters unencoded).
  const typed = /\/\/([^/?#]*)@/.exec(text)?.[1];
  for (const userinfo of [`${url.username}:${url.password}@`, ...(typed?.includes(":") ? [`${typed}@`] : [])]) {
    active().masks.set(userinfo, `${userinfo.slice(0, userinfo.indexOf(":"))}:****@`);
    remember(userinfo);
  }
  registerSecret(url.password);
  registerSecret(safeDecode(url.password));
}

/** A URL fit to print: a password it holds replaced by `****`, registered or not. */
export function maskUrlPassword(text: string): string {
  return text.replace(/(\/\/[^/:@\s]*):[^/@\s]*@/g, "$1:****@");
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function remember(value: string): void {
  const { known, byPrefix } = active();
  if (value.length < MIN_SCRUB_LENGTH || known.has(value)) return;
  known.add(value);
  const key = prefixKey(value, 0);
  const list = byPrefix.get(key) ?? [];
  const at = list.findIndex((other) => other.length < value.length);
  list.splice(at === -1 ? list.length : at, 0, value);
  byPrefix.set(key, list);
}

/**
 * `text` with every registered secret replaced by the mask. `reveal` names the values the
 * user asked to see (`connector token`, `--show-token`): the only way a secret gets out.
 * At each position the longest secret wins, so a registered prefix of a longer secret never
 * masks only its start; overlapping secrets are masked together, leaving no part of either.
 */
export function redact(text: string, reveal: ReadonlySet<string> = NOTHING_REVEALED): string {
  const { known, byPrefix, masks } = active();
  if (known.size === 0) return text;
  let out = "";
  let copied = 0;
  let runStart = -1;
  let runEnd = -1;
  let runMask = MASK;
  for (let i = 0; i + MIN_SCRUB_LENGTH <= text.length; i++) {
    const candidates = byPrefix.get(prefixKey(text, i));
    if (!candidates) continue;
    const secret = candidates.find((value) => !reveal.has(value) && text.startsWith(value, i));
    if (secret === undefined) continue;
    if (i < runEnd) {
      if (i + secret.length > runEnd) runMask = MASK; // two secrets overlap: neither keeps its own mask
      runEnd = Math.max(runEnd, i + secret.length);
      continue;
    }
    if (runStart >= 0) {
      out += text.slice(copied, runStart) + runMask;
      copied = runEnd;
    }
    runStart = i;
    runEnd = i + secret.length;
    runMask = masks.get(secret) ?? MASK;
  }
  if (runStart < 0) return text;
  return out + text.slice(copied, runStart) + runMask + text.slice(runEnd);
}

/** `Authorization` header values with their secrets masked, whether registered or not. */
export function redactAuthorization(value: string): string {
  return value.replace(/\b(User|Organization|Element)\s+[^,]+/g, `$1 ${MASK}`);
}

/**
 * A deep copy of `value` with the named keys (and registered secrets anywhere, keys included)
 * masked: redacting before serialising means no escaping can hide a secret. The copy has no
 * prototype, so a key named `__proto__` stays an ordinary key.
 */
export function redactDeep(value: unknown, secretKeys: ReadonlySet<string> = new Set(), reveal: ReadonlySet<string> = NOTHING_REVEALED): unknown {
  if (typeof value === "string") return redact(value, reveal);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secretKeys, reveal));
  if (value && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") return redactDeep((value as { toJSON(): unknown }).toJSON(), secretKeys, reveal);
  if (value && typeof value === "object") {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) {
      out[redact(key, reveal)] = secretKeys.has(key) && typeof item === "string" ? MASK : redactDeep(item, secretKeys, reveal);
    }
    return out;
  }
  return value;
}

/** `values` with their JSON forms: what `reveal` needs once a document is serialised. */
export function revealSet(values: readonly string[] = []): ReadonlySet<string> {
  const out = new Set<string>();
  for (const value of values) {
    const quoted = JSON.stringify(value).slice(1, -1);
    out.add(value).add(quoted).add(JSON.stringify(quoted).slice(1, -1));
  }
  return out;
}

/** Only for tests: forget every registered secret (of the active registry). */
export function forgetSecrets(): void {
  const { known, registered, byPrefix, masks } = active();
  known.clear();
  registered.clear();
  byPrefix.clear();
  masks.clear();
}
