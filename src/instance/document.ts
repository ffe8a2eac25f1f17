// What an instance.json holds, and turning its text into that shape with every structural
// problem reported at once. Entry values are checked later, by resolve.ts, once flags and
// environment have had their say.
import { ConfigError } from "../errors.ts";
import type { Problem } from "../errors.ts";
import { locateJsonSyntaxError } from "./json-syntax.ts";
import { emptyRecord } from "../values.ts";
import { locateProblems } from "./locate.ts";

export { readInstanceFile, MAX_INSTANCE_FILE_BYTES } from "./read-file.ts";

/** A parsed instance.json. `$schema` and `templates` are never sent to the platform. */
export interface InstanceDocument {
  $schema?: string;
  element?: { key: string };
  name?: string;
  tags?: string[];
  /** Every value as a string (numbers and booleans converted); `${NAME}` not yet expanded. */
  configuration: Record<string, string>;
  templates?: unknown[];
  /** Top-level fields the CLI does not know (a typo like `configuraton`): warned about, ignored. */
  ignoredFields?: string[];
}

const KNOWN_FIELDS = new Set(["$schema", "element", "name", "tags", "configuration", "templates"]);

/** Parses instance.json text; a syntax error names its line and column, and every type problem is reported together. */
export function parseInstanceDocument(text: string, source: string): InstanceDocument {
  const data = parseJson(text, source);
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    const message = `Invalid ${source}: expected a JSON object such as {"element": {"key": "twilio"}, "name": "...", "configuration": {...}}, got ${kindOf(data)}.`;
    throw new ConfigError(message, [{ key: "file", problem: "invalid", message, flag: "--file", file: source, line: 1, column: 1 }]);
  }
  const raw = data as Record<string, unknown>;
  const problems: Problem[] = [];
  const invalid = (key: string, expected: string, value: unknown): void => {
    problems.push({ key, problem: "invalid", message: `Invalid ${key} in ${source}: expected ${expected}, got ${kindOf(value)}.` });
  };
  const document: InstanceDocument = { configuration: emptyRecord<string>() };

  if (raw.$schema !== undefined) {
    if (typeof raw.$schema === "string") document.$schema = raw.$schema;
    else invalid("$schema", "a string", raw.$schema);
  }
  if (raw.element !== undefined) {
    const element = raw.element;
    if (typeof element !== "object" || element === null || Array.isArray(element)) invalid("element", 'an object such as {"key": "twilio"}', element);
    else if (typeof (element as { key?: unknown }).key !== "string") invalid("element.key", 'a string such as "twilio"', (element as { key?: unknown }).key);
    else document.element = { key: (element as { key: string }).key };
  }
  if (raw.name !== undefined) {
    if (typeof raw.name === "string") document.name = raw.name;
    else invalid("name", "a string", raw.name);
  }
  if (raw.tags !== undefined) {
    if (!Array.isArray(raw.tags)) invalid("tags", 'an array of strings such as ["prod"]', raw.tags);
    else {
      raw.tags.forEach((tag: unknown, index) => {
        if (typeof tag !== "string") invalid(`tags[${index}]`, "a string", tag);
      });
      document.tags = raw.tags.filter((tag: unknown): tag is string => typeof tag === "string");
    }
  }
  if (raw.configuration !== undefined) {
    const configuration = raw.configuration;
    if (typeof configuration !== "object" || configuration === null || Array.isArray(configuration)) {
      invalid("configuration", "an object of entry keys and values", configuration);
    } else {
      for (const [key, value] of Object.entries(configuration)) {
        if (typeof value === "string") document.configuration[key] = value;
        else if (typeof value === "number" || typeof value === "boolean") document.configuration[key] = String(value);
        // A blank key would make a problem that names nothing: say where it is instead.
        else invalid(key.trim() === "" ? `configuration[${JSON.stringify(key)}]` : key, "a string, number or boolean", value);
      }
    }
  }
  if (raw.templates !== undefined) {
    if (Array.isArray(raw.templates)) document.templates = raw.templates;
    else invalid("templates", 'an array such as [{"usageType": "SignIn", "content": "Your code is {{code}}"}]', raw.templates);
  }
  const ignored = Object.keys(raw).filter((key) => !KNOWN_FIELDS.has(key));
  if (ignored.length > 0) document.ignoredFields = ignored;

  if (problems.length > 0) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    throw new ConfigError(`${source} has ${count}. Fix the file and try again.`, locateProblems(problems, text, source));
  }
  return document;
}

/** JSON.parse, with a syntax error reported as "line L, column C" and a reason. */
function parseJson(text: string, source: string): unknown {
  const problem = (message: string, at = { line: 1, column: 1 }): ConfigError => new ConfigError(message, [{ key: "file", problem: "invalid", message, flag: "--file", file: source, ...at }]);
  if (text.trim() === "") throw problem(`Invalid ${source}: it is empty. Write an instance.json there, for example with connector init.`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const where = locateJsonSyntaxError(text);
    const detail = where ? `line ${where.line}, column ${where.column}: ${where.reason}` : (error as Error).message.replace(/\.$/, "");
    throw problem(`Invalid ${source}: not valid JSON, ${detail}. Fix the file and try again.`, where ? { line: where.line, column: where.column } : undefined);
  }
}

/** A short description of a JSON value's type for messages ("a number", "null"). */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return typeof value === "number" || typeof value === "boolean" || typeof value === "string" ? `a ${typeof value}` : "nothing";
}
