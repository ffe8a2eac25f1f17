// store.json is written in pieces (src/store/serialize.ts), one instance at a time: the text
// must be exactly what JSON.stringify(document, null, "\t") gives, for any document.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { storeText } from "../src/store/serialize.ts";
import type { StoreDocument } from "../src/store/types.ts";

const text = fc.string({ unit: "binary", maxLength: 12 });
const instance = fc.record({ id: fc.nat(), name: text, token: text, tags: fc.array(text, { maxLength: 3 }), templates: fc.array(fc.record({ usageType: text, content: text }), { maxLength: 2 }) });
const documents = fc.record(
  {
    version: fc.constant(1),
    profiles: fc.dictionary(text, fc.record({ updatedAt: text, userSecret: fc.option(text, { nil: undefined }) }), { maxKeys: 3 }),
    instances: fc.array(instance, { maxLength: 5 }),
    journalSeq: fc.nat(),
    unknown: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

describe("store.json's text in pieces", () => {
  it("is JSON.stringify(document, null, tab) plus a newline, for any document", () => {
    fc.assert(
      fc.property(documents, (document) => {
        expect([...storeText(document as StoreDocument)].join("")).toBe(`${JSON.stringify(document, null, "\t")}\n`);
      }),
      { numRuns: 500 },
    );
  });

  it("gives an instance a piece of its own, so a large store is never one string", () => {
    const document = { version: 1, instances: Array.from({ length: 1000 }, (_, id) => ({ id, name: `n${id}` })) } as unknown as StoreDocument;
    const pieces = [...storeText(document)];
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(200);
    expect(pieces.join("")).toBe(`${JSON.stringify(document, null, "\t")}\n`);
  });
});
