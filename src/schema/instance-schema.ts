// The JSON Schema of instance.json, generated from the element definitions so that editors
// complete entry names and flag wrong values with the same rules the CLI applies. The committed
// schema/instance.schema.json is this function's output (a test keeps the two equal).
import { DEFAULT_ELEMENT, ELEMENTS } from "../elements/index.ts";
import type { ElementDefinition, EntryDefinition } from "../elements/index.ts";
import { USAGE_TYPES } from "../instance/templates.ts";

type Schema = Record<string, unknown>;

/** A `${NAME}` reference somewhere in a value: expanded from the environment, so any text goes. */
const REFERENCE = "\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}";

/** What `isHttpUrl` accepts first: a scheme of http or https (any case) and a host right after. */
const HTTP_URL = "^[hH][tT][tT][pP][sS]?://[^/?#\\\\\\s]";

/** The schema for every known element, or for `elementKey` alone. */
export function buildInstanceSchema(elementKey?: string): Schema {
  const elements = elementKey === undefined ? ELEMENTS : ELEMENTS.filter((element) => element.key === elementKey);
  const keys = elements.map((element) => element.key);
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: elementKey === undefined ? "connector instance.json" : `connector instance.json for element ${elementKey}`,
    description: "An Open Connectors instance for `connector validate|provision --file`. Values may name environment variables as ${NAME}.",
    type: "object",
    properties: {
      $schema: { type: "string", description: "This schema; ignored when the instance is sent." },
      element: {
        type: "object",
        description: `The element; default ${DEFAULT_ELEMENT}.`,
        properties: { key: { type: "string", enum: keys, description: "The element's key on the platform." } },
        required: ["key"],
      },
      name: { type: "string", minLength: 1, description: "Instance name (or --name)." },
      tags: { type: "array", items: { type: "string", minLength: 1 }, description: "Tags of the instance (or --tag, repeatable)." },
      configuration: {
        type: "object",
        description: "The element's configuration entries. Unknown entries are sent as given, with a warning.",
        additionalProperties: { type: ["string", "number", "boolean"] },
      },
      templates: templatesSchema(),
    },
    additionalProperties: false,
    allOf: elements.map((element) => configurationFor(element, elementKey === undefined)),
  };
}

/** `if` the file is for this element `then` its configuration entries (the default element also matches no `element`). */
function configurationFor(element: ElementDefinition, allowDefault: boolean): Schema {
  const isThis = { properties: { element: { properties: { key: { const: element.key } }, required: ["key"] } }, required: ["element"] };
  const noElement = { not: { required: ["element"] } };
  const condition = allowDefault && element.key === DEFAULT_ELEMENT ? { anyOf: [isThis, noElement] } : isThis;
  const properties: Record<string, Schema> = {};
  for (const entry of element.entries) properties[entry.key] = entrySchema(entry);
  return { if: condition, then: { properties: { configuration: { properties } } } };
}

/** One entry: its label and sources as the description, its validation as patterns or an enum. */
export function entrySchema(entry: EntryDefinition): Schema {
  const sources = [entry.flag, entry.env ? `env ${entry.env}` : undefined].filter(Boolean).join(", ");
  const notes = [
    entry.required ? "required" : "optional",
    entry.default === undefined ? undefined : `default ${entry.default}`,
    entry.secret ? "secret: prefer ${" + (entry.env ?? "VARIABLE") + "}" : undefined,
  ];
  const description = `${entry.label} (${notes.filter(Boolean).join("; ")})${sources ? `. Also ${sources}.` : "."} Valid: ${entry.invalidMessage.replace(/^expected /, "")}.`;
  const reference = { pattern: REFERENCE, description: "an environment variable reference" };
  const { patterns, oneOf, format } = entry.validation;
  const alternatives: Schema[] = [];
  if (patterns) for (const pattern of patterns) alternatives.push({ pattern: pattern.regex, description: pattern.describes });
  if (oneOf) alternatives.push({ enum: oneOf });
  if (format === "http-url") alternatives.push({ pattern: HTTP_URL, description: "an absolute http: or https: URL" });
  const schema: Schema = { type: "string", minLength: 1, description };
  if (entry.default !== undefined) schema.default = entry.default;
  if (entry.example !== undefined && !entry.secret) schema.examples = [entry.example];
  if (oneOf) schema.examples = oneOf;
  if (alternatives.length > 0) schema.anyOf = [...alternatives, reference];
  return schema;
}

function templatesSchema(): Schema {
  return {
    type: "array",
    description: "Message templates (the CLI's own, never sent): one per usageType, `send --template` falls back to Generic.",
    items: {
      type: "object",
      properties: {
        usageType: { type: "string", enum: [...USAGE_TYPES], description: "When the template is used." },
        content: { type: "string", pattern: "\\{\\{\\s*code\\s*\\}\\}", description: "The message text; must contain {{code}}." },
      },
      required: ["usageType", "content"],
    },
  };
}

/** The schema as committed: two-space JSON with a final newline. */
export function renderInstanceSchema(elementKey?: string): string {
  return JSON.stringify(buildInstanceSchema(elementKey), null, 2) + "\n";
}
