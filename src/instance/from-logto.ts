// `connector init --from-logto <file>`: a Logto Twilio SMS connector configuration
// (`accountSID`, `authToken`, `fromMessagingServiceSID`, `templates`) read as if it were an
// instance.json, so flags and environment still win and every value is validated the same way.
// Logto's fields map to entries by their flags (--account-sid, --auth-token, --sender), so any
// Twilio element can take them. Converting is pure; readLogtoConfig reads the file.
import { readFile } from "node:fs/promises";
import { ConfigError, type Problem } from "../errors.ts";
import type { ElementDefinition } from "../elements/index.ts";
import type { InstanceDocument } from "./document.ts";
import { locateJsonSyntaxError } from "./json-syntax.ts";

/** Logto's config fields and the entry flag each one fills. */
const LOGTO_FIELDS = [
  { field: "accountSID", flag: "--account-sid" },
  { field: "authToken", flag: "--auth-token" },
  { field: "fromMessagingServiceSID", flag: "--sender" },
] as const;

/** What the import yields: an instance document for resolveInstance, and what the person should know. */
export interface LogtoImport {
  document: InstanceDocument;
  warnings: string[];
}

/** The name written when neither --name nor the environment gives one. */
export const LOGTO_DEFAULT_NAME = "logto-sms";

/** Turns Logto's JSON (the connector's `config`, or the whole connector object holding it) into an instance document of `element`. */
export function convertLogtoConfig(text: string, source: string, element: ElementDefinition): LogtoImport {
  const config = unwrap(parse(text, source), source);
  const configuration: Record<string, string> = {};
  const warnings: string[] = [];
  const problems: Problem[] = [];
  for (const { field, flag } of LOGTO_FIELDS) {
    const value = config[field];
    if (value === undefined || value === null || value === "") continue;
    if (typeof value !== "string") {
      problems.push({ key: field, problem: "invalid", message: `Invalid ${field} in ${source}: expected a string.` });
      continue;
    }
    const entry = element.entries.find((candidate) => candidate.flag === flag);
    if (entry) configuration[entry.key] = value;
    else warnings.push(`${field} from ${source} is not imported: element ${element.key} has no ${flag} entry (pass the sender with send --from or provision --test-from).`);
  }
  if (config.templates !== undefined && !Array.isArray(config.templates)) {
    problems.push({ key: "templates", problem: "invalid", message: `Invalid templates in ${source}: expected an array of {usageType, content}.` });
  }
  if (problems.length > 0) throw new ConfigError(`${source} is not a Logto Twilio SMS configuration this import can read.`, problems);
  const known = new Set<string>([...LOGTO_FIELDS.map((f) => f.field), "templates"]);
  const ignored = Object.keys(config).filter((key) => !known.has(key));
  if (ignored.length > 0) warnings.push(`Ignored Logto field${ignored.length === 1 ? "" : "s"} ${ignored.map((k) => JSON.stringify(k)).join(", ")} of ${source}.`);
  const templates = Array.isArray(config.templates) ? config.templates : undefined;
  return { document: { element: { key: element.key }, name: LOGTO_DEFAULT_NAME, configuration, ...(templates ? { templates } : {}) }, warnings };
}

/** Reads `--from-logto <path>` (or `-`, standard input) and converts it; a missing or unreadable file names the flag. */
export async function readLogtoConfig(path: string, stdin: NodeJS.ReadableStream, element: ElementDefinition): Promise<LogtoImport> {
  const source = path === "-" ? "stdin" : path;
  let text: string;
  try {
    if (path === "-") {
      const chunks: Buffer[] = [];
      for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
      text = Buffer.concat(chunks).toString("utf8");
    } else text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === "ENOENT"
        ? `Missing Logto config ${path}: no such file. Pass --from-logto with the path of the connector's JSON (Logto Console > Connectors > Twilio SMS).`
        : `Cannot read ${path}${code ? ` (${code})` : ""}: check the path given to --from-logto.`;
    throw new ConfigError(message, [{ key: "from-logto", problem: code === "ENOENT" ? "missing" : "invalid", message, flag: "--from-logto" }]);
  }
  return convertLogtoConfig(text.replace(/^\uFEFF/, ""), source, element);
}

function parse(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const where = locateJsonSyntaxError(text);
    const detail = where ? `line ${where.line}, column ${where.column}: ${where.reason}` : (error as Error).message;
    const message = `Invalid ${source}: not valid JSON, ${detail}.`;
    throw new ConfigError(message, [{ key: "from-logto", problem: "invalid", message, flag: "--from-logto" }]);
  }
}

/** The config object: the file itself, or the `config` of a connector as Logto's Management API returns it. */
function unwrap(value: unknown, source: string): Record<string, unknown> {
  const object = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (object(value) && object(value.config) && !("accountSID" in value)) return value.config;
  if (object(value)) return value;
  const message = `Invalid ${source}: expected Logto's Twilio SMS connector config, a JSON object such as {"accountSID": "AC...", "authToken": "...", "fromMessagingServiceSID": "MG...", "templates": [...]}.`;
  throw new ConfigError(message, [{ key: "from-logto", problem: "invalid", message, flag: "--from-logto" }]);
}
