// store.json as text, in pieces: exactly `JSON.stringify(document, null, "\t") + "\n"`, but one
// instance at a time, so writing a store of 10,000 instances never holds its 5 MB of text (and
// the bytes of it) whole, which was a batch's peak of memory at its end (bench/).
import type { StoreDocument } from "./types.ts";

/** `value` as JSON.stringify(value, null, "\t") prints it `depth` levels down. */
function nested(value: unknown, depth: number): string {
  // Strings are escaped by JSON.stringify, so every newline in its output is between tokens.
  return JSON.stringify(value, null, "\t").replace(/\n/g, `\n${"\t".repeat(depth)}`);
}

/** The pieces of store.json's text, in order. */
export function* storeText(document: StoreDocument): Generator<string> {
  const keys = Object.keys(document).filter((key) => (document as Record<string, unknown>)[key] !== undefined);
  if (keys.length === 0) {
    yield "{}\n";
    return;
  }
  yield "{";
  for (const [index, key] of keys.entries()) {
    const value = (document as Record<string, unknown>)[key];
    yield `${index === 0 ? "" : ","}\n\t${JSON.stringify(key)}: `;
    if (key === "instances" && Array.isArray(value) && value.length > 0) {
      yield "[";
      for (const [position, instance] of value.entries()) yield `${position === 0 ? "" : ","}\n\t\t${nested(instance, 2)}`;
      yield "\n\t]";
    } else {
      yield nested(value, 1);
    }
  }
  yield "\n}\n";
}
