// Where a JSON text breaks, as "line L, column C" and a reason. JSON.parse's own messages
// differ between Node 20, 22 and 24 and often give no position at all, so this small
// scanner re-reads a text that JSON.parse refused and finds the first error itself.

export interface JsonSyntaxError {
  line: number;
  column: number;
  reason: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

/** The first syntax error of `text`, or undefined when it is valid JSON (or too deep to scan). */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let pos = 0;
  const fail = (reason: string, at = pos): never => {
    throw new Stop(at, reason);
  };
  const describe = (at: number): string => (at >= text.length ? "the end of the input" : JSON.stringify(text[at]));
  const complain = (expected: string): never => {
    if (text[pos] === "/") return fail("comments are not allowed in JSON");
    if (text[pos] === "'") return fail("strings need double quotes, not single quotes");
    return fail(`unexpected ${describe(pos)}; expected ${expected}`);
  };
  const skipSpace = (): void => {
    while (pos < text.length && " \t\n\r".includes(text[pos] ?? "")) pos++;
  };
  const expectWord = (word: string): void => {
    if (text.startsWith(word, pos)) pos += word.length;
    else fail(`unexpected ${describe(pos)}; expected a value (strings need double quotes)`);
  };
  const readString = (): void => {
    const start = pos++;
    for (;;) {
      const char = text[pos];
      if (char === undefined) fail("unterminated string: add the closing double quote", start);
      else if (char === '"') return void pos++;
      else if (char < " ") fail("a control character (such as a line break) inside a string must be escaped");
      else if (char === "\\") {
        const next = text[pos + 1] ?? "";
        if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) pos += 6;
        else if (next !== "" && '"\\/bfnrt'.includes(next)) pos += 2;
        else fail("invalid escape sequence in a string");
      } else pos++;
    }
  };
  const readNumber = (): void => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(pos, pos + 400));
    if (!match) fail("invalid number");
    pos += match?.[0].length ?? 0;
  };
  const readContainer = (close: "}" | "]"): void => {
    pos++;
    skipSpace();
    if (text[pos] === close) return void pos++;
    for (;;) {
      if (close === "}") {
        if (text[pos] !== '"') complain("a property name in double quotes");
        readString();
        skipSpace();
        if (text[pos] !== ":") complain('":" after the property name');
        pos++;
        skipSpace();
      }
      readValue();
      skipSpace();
      const char = text[pos];
      if (char === close) return void pos++;
      if (char !== ",") complain(`"," or "${close}"`);
      const comma = pos++;
      skipSpace();
      if (text[pos] === close) fail(`trailing comma before "${close}": remove it`, comma);
    }
  };
  const readValue = (): void => {
    const char = text[pos];
    if (char === "{") readContainer("}");
    else if (char === "[") readContainer("]");
    else if (char === '"') readString();
    else if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) readNumber();
    else if (char === "t") expectWord("true");
    else if (char === "f") expectWord("false");
    else if (char === "n") expectWord("null");
    else complain("a value");
  };
  try {
    skipSpace();
    readValue();
    skipSpace();
    if (pos < text.length) complain("nothing after the end of the JSON value");
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return { ...positionOf(text, error.offset), reason: error.reason };
    return undefined;
  }
}

/** 1-based line and column of a UTF-16 offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}
