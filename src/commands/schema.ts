// `connector schema [--element key]`: prints the JSON Schema of instance.json, so editors can
// complete entry names and flag wrong values (instance.example.json points at the committed copy).
import type { Context } from "../context.ts";
import { ELEMENTS, findElement } from "../elements/index.ts";
import { UsageError } from "../errors.ts";
import { buildInstanceSchema, renderInstanceSchema } from "../schema/instance-schema.ts";
import type { CommandResult } from "../ui/result.ts";

/** The schema for every element, or for one; with --json it is the `schema` field of the document. */
export async function schema(options: { element?: string }, _ctx: Context): Promise<CommandResult> {
  if (options.element !== undefined && !findElement(options.element)) {
    throw new UsageError(`Unknown element ${options.element}.`, `Known elements: ${ELEMENTS.map((e) => e.key).join(", ")}.`);
  }
  return {
    data: { schema: buildInstanceSchema(options.element) },
    text: () => renderInstanceSchema(options.element),
  };
}
