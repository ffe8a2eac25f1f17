// The syntax-error locator must agree with JSON.parse: it finds an error exactly when
// JSON.parse refuses the text, whatever Node version's messages say.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { locateJsonSyntaxError } from "../src/instance/json-syntax.ts";

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe("a syntax error is located exactly when JSON.parse refuses the text", () => {
  it("finds no error in any valid JSON", () => {
    fc.assert(fc.property(fc.json(), (text) => locateJsonSyntaxError(text) === undefined));
  });

  it("agrees with JSON.parse on valid JSON with one character changed, removed or added", () => {
    const edit = fc.tuple(fc.json(), fc.nat(), fc.constantFrom("delete", "insert", "replace"), fc.constantFrom(..."{}[],:\"'\\/ \n0-1etrufalsn.eE+x\u0001"));
    fc.assert(
      fc.property(edit, ([json, at, kind, char]) => {
        const i = at % (json.length + 1);
        const text = kind === "delete" ? json.slice(0, i) + json.slice(i + 1) : kind === "insert" ? json.slice(0, i) + char + json.slice(i) : json.slice(0, i) + char + json.slice(i + 1);
        return (locateJsonSyntaxError(text) === undefined) === parses(text);
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees with JSON.parse on arbitrary text", () => {
    fc.assert(fc.property(fc.string(), (text) => (locateJsonSyntaxError(text) === undefined) === parses(text)));
  });

  it("counts lines and columns from 1", () => {
    expect(locateJsonSyntaxError("x")).toMatchObject({ line: 1, column: 1 });
    expect(locateJsonSyntaxError('{\n\n    "a" 1}')).toMatchObject({ line: 3, column: 9 });
  });

  it("points at an unescaped line break inside a string", () => {
    expect(locateJsonSyntaxError('{"a": "x\ny"}')).toMatchObject({ line: 1, column: 9, reason: expect.stringContaining("escaped") as unknown });
  });
});
