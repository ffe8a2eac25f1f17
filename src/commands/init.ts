// `connector init`: writes an instance.json from answers (at a terminal) or flags and
// environment. Secret entries are written as ${VARIABLE} references, never as values.
import { rename, writeFile } from "node:fs/promises";
import { resolve as resolvePath } from "node:path";
import type { Context } from "../context.ts";
import type { InstanceFlags } from "../cli/entry-flags.ts";
import { ConfigError, UsageError } from "../errors.ts";
import { findElement, DEFAULT_ELEMENT } from "../elements/index.ts";
import { resolveInstance } from "../instance/resolve.ts";
import type { CommandResult } from "../ui/result.ts";

export interface InitOptions extends InstanceFlags {
  out: string;
  force: boolean;
}

const STARTER_TEMPLATES = [
  { usageType: "SignIn", content: "Your sign-in code is {{code}}" },
  { usageType: "Register", content: "Your registration code is {{code}}" },
  { usageType: "Generic", content: "Your verification code is {{code}}" },
];

/** Builds the document and writes it to `out` (or returns it for `-`). */
export async function init(options: InitOptions, ctx: Context): Promise<CommandResult> {
  const elementKey = options.element ?? DEFAULT_ELEMENT;
  const element = findElement(elementKey);
  if (!element) throw new UsageError(`Unknown element ${elementKey}.`, "Run connector --help to see the known elements.");
  const secretEntries = element.entries.filter((entry) => entry.secret);
  const sources = { elementKey, name: options.name, tags: options.tag, entryFlags: options.entries, config: options.config ?? [], env: ctx.env };
  const answers: Record<string, string> = {};
  if (ctx.interactive) {
    const { askText } = await import("../ui/prompts.ts");
    for (const question of resolveInstance(sources).promptable.filter((q) => !q.secret)) {
      answers[question.key] = await askText({
        message: question.prompt,
        validate: (value) => (value === "" ? "A value is required." : resolveInstance({ ...sources, answers: { ...answers, [question.key]: value } }).problems.find((p) => p.key === question.key)?.message),
      });
    }
  }
  const resolved = resolveInstance({ ...sources, answers });
  const problems = resolved.problems.filter((p) => !secretEntries.some((entry) => entry.key === p.key));
  if (problems.length) throw new ConfigError("Cannot write instance.json: entries are missing or invalid.", problems, "Pass them as flags or environment variables, or run connector init at a terminal.");
  const configuration = { ...resolved.body.configuration };
  for (const entry of secretEntries) if (entry.env) configuration[entry.key] = `\${${entry.env}}`;
  const document = { element: { key: element.key }, name: resolved.body.name, tags: resolved.body.tags, configuration, templates: STARTER_TEMPLATES };
  const json = JSON.stringify(document, null, 2) + "\n";
  if (options.out === "-") return { data: { path: null, document }, text: () => json.trimEnd() };
  const path = resolvePath(options.out);
  await writeAtomically(path, json, options.force);
  const refs = secretEntries.filter((e) => e.env).map((e) => e.env as string);
  return {
    data: { path, document },
    warnings: resolved.warnings,
    text: (s) =>
      `${s.green("✔")} Wrote ${path}.${refs.length ? `\n  Secrets are read from the environment when you provision: set ${refs.join(", ")}.` : ""}\n  Next: connector validate --file ${options.out} && connector provision --file ${options.out}`,
  };
}

async function writeAtomically(path: string, text: string, force: boolean): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(path, "", { flag: force ? "a" : "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new UsageError(`${path} already exists.`, "Pass --force to overwrite it, or --out another path.");
    throw new UsageError(`Cannot write ${path}: ${(error as Error).message}`);
  }
  await writeFile(temp, text, { mode: 0o644 });
  await rename(temp, path);
}
