// The largest instance body the CLI sends. The platform answers 429 for some size limits (5 MB for
// a formula request, per SAP's "Technical Restrictions"), in words nobody documented, and no retry
// fixes those. An instance body is a few entries of at most a thousand characters each, so only a
// mistake (a whole file pasted into an entry, a variable holding a binary) reaches megabytes: it is
// refused before anything is sent, well under any limit the platform has, with its size named.
import type { Problem } from "../errors.ts";
import type { InstanceBody } from "../api/platform.ts";

/**
 * 1 MiB: hundreds of times a real instance body, a fifth of the platform's 5 MB request limit, and
 * the emulator's own limit (it answers a larger body 413), so the two agree on what is sendable.
 */
export const MAX_INSTANCE_BODY_BYTES = 1024 * 1024;

/** A problem when `body`, as JSON, is larger than the limit; its largest entry named, as the likely cause. */
export function checkBodySize(body: InstanceBody, limit = MAX_INSTANCE_BODY_BYTES): Problem | undefined {
  const size = Buffer.byteLength(JSON.stringify(body));
  if (size <= limit) return undefined;
  const [largest] = Object.entries(body.configuration).sort(([, a], [, b]) => Buffer.byteLength(b) - Buffer.byteLength(a));
  const key = largest?.[0] ?? "configuration";
  const entry = largest ? ` (its largest entry, ${key}, is ${formatBytes(Buffer.byteLength(largest[1]))})` : "";
  return {
    key,
    problem: "invalid",
    message: `The instance body is ${formatBytes(size)}${entry}, over the limit of ${formatBytes(limit)} for one instance: nothing was sent. Instance values are short text; check that no entry holds a file's content by mistake.`,
  };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB (${bytes} bytes)` : `${bytes} bytes`;
}
