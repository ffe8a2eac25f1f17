// Where a problem sits in its instance.json: `instance.json:9:5`, so an editor, a terminal and
// GitHub's pull-request annotations can point at the line. JSON.parse keeps no positions, so
// this reads a text already known to be valid JSON once more, noting where each property of
// the first levels starts (its name's opening quote; an array item's first character).
import type { Problem } from "../errors.ts";

/** Array items located one by one; a problem with a later item points at the array. */
const MAX_ITEMS_LOCATED = 10_000;

export interface Position {
  line: number;
  column: number;
}

/** Positions by path (`configuration\0messaging.sms.twilio.sender`, `tags\00`), up to three levels deep. */
export function mapPositions(text: string, maxDepth = 3): Map<string, Position> {
  const positions = new Map<string, Position>();
  const positionOf = lineIndex(text);
  let pos = 0;
  const skip = () => {
    while (pos < text.length && " \t\n\r\uFEFF".includes(text[pos] ?? "")) pos++;
  };
  const readString = (): string => {
    const start = pos++;
    while (pos < text.length && text[pos] !== '"') pos += text[pos] === "\\" ? 2 : 1;
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const note = (path: string[], at: number) => {
    if (path.length > 0 && path.length <= maxDepth && !positions.has(path.join("\0"))) positions.set(path.join("\0"), positionOf(at));
  };
  const readValue = (path: string[]): void => {
    skip();
    const char = text[pos];
    if (char === "{" || char === "[") {
      const close = char === "{" ? "}" : "]";
      pos++;
      for (let index = 0; ; index++) {
        skip();
        if (text[pos] === close || pos >= text.length) break;
        if (close === "}") {
          const at = pos;
          const key = readString();
          note([...path, key], at);
          skip();
          pos++; // the colon
          readValue([...path, key]);
        } else {
          skip();
          // Items past the first thousands are located at their array (no instance holds that many).
          if (index < MAX_ITEMS_LOCATED) note([...path, String(index)], pos);
          readValue([...path, String(index)]);
        }
        skip();
        if (text[pos] === ",") pos++;
      }
      pos++;
    } else if (char === '"') readString();
    else while (pos < text.length && !",}] \t\n\r".includes(text[pos] ?? "")) pos++;
  };
  try {
    readValue([]);
  } catch {
    // Not valid JSON after all: whatever was found so far is still right.
  }
  return positions;
}

/** The path in the file a problem's key names: an entry sits under `configuration`. */
function pathsOf(key: string): string[][] {
  const item = /^(tags|templates)\[(\d+)\]/.exec(key);
  if (item) return [[item[1] ?? "", item[2] ?? ""], [item[1] ?? ""]];
  if (key === "element.key") return [["element", "key"], ["element"]];
  if (["name", "tags", "element", "configuration", "templates", "$schema"].includes(key)) return [[key]];
  // A missing entry is located at the configuration object it belongs in.
  return [["configuration", key], ["configuration"]];
}

/** `problems` with `file`, `line` and `column` added where the file holds (or should hold) the value. */
export function locateProblems(problems: Problem[], text: string, file: string): Problem[] {
  if (problems.length === 0) return problems;
  const positions = mapPositions(text);
  return problems.map((problem) => {
    if (problem.line !== undefined) return problem;
    if (problem.key === "file") return { ...problem, file, line: 1, column: 1 };
    const found = pathsOf(problem.key)
      .map((path) => positions.get(path.join("\0")))
      .find((p) => p !== undefined);
    return { ...problem, file, ...(found ?? { line: 1, column: 1 }) };
  });
}

/**
 * 1-based line and column of an offset, by a binary search of the line starts found in one pass:
 * a file of a million tags is located in linear time, not by counting lines again for each.
 */
function lineIndex(text: string): (offset: number) => Position {
  const starts = [0];
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  };
}
