// Random values from node:crypto, which is loaded on first use: it costs about a fifth of a bare
// `node -e 0` to load, and most runs (validate, token, instances list) never draw one.
type Crypto = typeof import("node:crypto");

let crypto: Crypto | undefined;

function cryptoModule(): Crypto {
  crypto ??= process.getBuiltinModule("node:crypto");
  return crypto;
}

/** A uniformly drawn integer in [min, max), from a CSPRNG. */
export function randomInt(min: number, max: number): number {
  return cryptoModule().randomInt(min, max);
}

/** A random RFC 4122 version 4 UUID. */
export function randomUUID(): string {
  return cryptoModule().randomUUID();
}

/** `bytes` random bytes as hexadecimal: unique names for temporary and lock files. */
export function randomHex(bytes: number): string {
  return cryptoModule().randomBytes(bytes).toString("hex");
}
