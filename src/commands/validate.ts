// `connector validate`: every problem of an instance configuration at once, no network.
import type { Context } from "../context.ts";
import type { InstanceFlags } from "../instance/flags.ts";
import { ConfigError } from "../errors.ts";
import type { CommandResult } from "../ui/result.ts";
import { gatherInstance } from "../instance/gather.ts";
import { cachedElementLoader } from "../platform/element-metadata.ts";

/** Checks the instance built from `flags` and the environment; throws ConfigError listing every problem. */
export async function validate(flags: InstanceFlags, ctx: Context): Promise<CommandResult> {
  const resolved = await gatherInstance(flags, ctx, { prompt: false, loadElement: cachedElementLoader(ctx) });
  if (resolved.problems.length > 0) {
    const count = resolved.problems.length;
    throw new ConfigError(
      `${count} problem${count === 1 ? "" : "s"} in the ${resolved.element.key} instance configuration.`,
      resolved.problems,
      "Fix them and run connector validate again.",
      resolved.warnings,
    );
  }
  const { body } = resolved;
  return {
    data: { problems: [], name: body.name, element: body.element.key, entries: Object.keys(body.configuration).length, templates: resolved.templates.map((t) => t.usageType) },
    warnings: resolved.warnings,
    text: (s) => `${s.green("✔")} ${body.name} (${body.element.key}) is valid: ${Object.keys(body.configuration).length} entries, ${resolved.templates.length} templates.`,
  };
}
