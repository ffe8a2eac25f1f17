// `connector init`: writes an instance.json from answers (at a terminal) or flags and
// environment. Secret entries are written as ${VARIABLE} references, never as values.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { resolve as resolvePath } from "node:path";
import type { Context } from "../context.ts";
import type { InstanceFlags } from "../instance/flags.ts";
import { ConfigError, UsageError } from "../errors.ts";
import { replaceFile } from "../os/replace-file.ts";
import { findElement, DEFAULT_ELEMENT } from "../elements/index.ts";
import { resolveInstance } from "../instance/resolve.ts";
import { readLogtoConfig } from "../instance/from-logto.ts";
import type { CommandResult } from "../ui/result.ts";
import { shellQuote } from "../ui/shell-quote.ts";
import { PACKAGE_NAME } from "../version.ts";

export interface InitOptions extends InstanceFlags {
  out: string;
  force: boolean;
  /** A Logto Twilio SMS connector config to start from (src/instance/from-logto.ts). */
  fromLogto?: string;
  /** With fromLogto: write its Auth Token into the file instead of a ${VARIABLE} reference. */
  inlineSecrets?: boolean;
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
  const logto = options.fromLogto === undefined ? undefined : await readLogtoConfig(options.fromLogto, ctx.stdin, element);
  const inline = logto !== undefined && options.inlineSecrets === true;
  const sources = { elementKey, name: options.name, tags: options.tag, entryFlags: options.entries, config: options.config ?? [], env: ctx.env, document: logto?.document };
  const asking = ctx.interactive ? await import("./shared/ask-instance.ts") : undefined;
  const overwrite = asking !== undefined && options.out !== "-" && !options.force ? await asking.confirmOverwrite(ctx, resolvePath(options.out), existsSync(options.out)) : "new";
  if (overwrite === "keep") return { data: { path: null, written: false }, text: () => `Kept ${resolvePath(options.out)}; nothing written.` };
  const force = options.force || overwrite === "overwrite";
  const answers = asking ? await asking.askInstanceAnswers(ctx, sources) : {};
  const resolved = resolveInstance({ ...sources, answers });
  const problems = resolved.problems.filter((p) => inline || !secretEntries.some((entry) => entry.key === p.key));
  if (problems.length)
    throw new ConfigError("Cannot write instance.json: entries are missing or invalid.", problems, "Pass them as flags or environment variables, or run connector init at a terminal.");
  const configuration = { ...resolved.body.configuration };
  for (const entry of secretEntries) if (entry.env && !inline) configuration[entry.key] = `\${${entry.env}}`;
  const document = {
    $schema: schemaUrl(ctx.version),
    element: { key: element.key },
    name: resolved.body.name,
    tags: resolved.body.tags,
    configuration,
    templates: logto ? resolved.templates : STARTER_TEMPLATES,
  };
  const json = JSON.stringify(document, null, 2) + "\n";
  const reveal = inline ? secretEntries.map((entry) => configuration[entry.key]).filter((value): value is string => value !== undefined) : [];
  if (options.out === "-") return { data: { path: null, document }, text: () => json.trimEnd(), reveal, warnings: logto?.warnings };
  const path = resolvePath(options.out);
  if (asking && !(await asking.confirmWrite(ctx, document, path))) return { data: { path: null, document, written: false }, text: () => "Nothing written." };
  await writeAtomically(path, json, force, inline ? 0o600 : 0o644);
  const refs = inline ? [] : secretEntries.filter((e) => e.env).map((e) => e.env as string);
  const inlined = inline ? [`${path} holds the Auth Token in plain text (--inline-secrets): it is written 0600; keep it out of version control.`] : [];
  return {
    data: { path, document },
    warnings: [...(logto?.warnings ?? []), ...resolved.warnings, ...inlined],
    text: (s) =>
      `${s.green("✔")} Wrote ${path}.${refs.length ? `\n  Secrets are read from the environment when you provision: set ${refs.join(", ")}.` : ""}\n  Next: connector validate --file ${shellQuote(options.out)} && connector provision --file ${shellQuote(options.out)}`,
  };
}

/** Where editors find instance.json's JSON Schema: the published package's copy of schema/instance.schema.json. */
export function schemaUrl(version: string): string {
  return `https://unpkg.com/${PACKAGE_NAME}@${version}/schema/instance.schema.json`;
}

async function writeAtomically(path: string, text: string, force: boolean, mode: number): Promise<void> {
  try {
    await writeFile(path, "", { flag: force ? "a" : "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new UsageError(`${path} already exists.`, "Pass --force to overwrite it, or --out another path.");
    throw new UsageError(`Cannot write ${path}: ${(error as Error).message}`);
  }
  replaceFile(path, text, { mode }); // whole or not at all, the temp file's name random (src/os/replace-file.ts)
}
