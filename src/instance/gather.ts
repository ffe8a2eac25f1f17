// Gathers an instance from every source the contract lists: file, flags, environment,
// defaults, and (only at an interactive terminal) prompts for what is still missing.
import { existsSync } from "node:fs";
import type { Context } from "../context.ts";
import type { InstanceFlags } from "./flags.ts";
import { readInstanceFile, parseInstanceDocument } from "./document.ts";
import { resolveInstance, type ResolvedInstance } from "./resolve.ts";
import type { InstanceDocument } from "./document.ts";
import { DEFAULT_ELEMENT, type ElementDefinition } from "../elements/index.ts";
import { locateProblems } from "./locate.ts";
import { UsageError } from "../errors.ts";

const DEFAULT_INSTANCE_FILE = "instance.json";

/** The element definition to build with, given its key (the platform's metadata merged in: src/platform/element-metadata.ts). */
export type ElementLoader = (key: string) => Promise<ElementDefinition | undefined>;

interface GatherOptions {
  prompt: boolean;
  loadElement?: ElementLoader;
  /**
   * What the person has answered so far, by entry key: used as answers, never asked again, and
   * filled with each new answer. Gathering twice (provision again, once the platform's metadata is
   * known) passes the same record, so nobody types their Auth Token twice.
   */
  answers?: Record<string, string>;
}

/** Reads, merges and validates; prompts for missing values when `prompt` and interactive. */
export async function gatherInstance(flags: InstanceFlags, ctx: Context, { prompt, loadElement, answers = {} }: GatherOptions): Promise<ResolvedInstance> {
  let document: InstanceDocument | undefined;
  let read: { text: string; source: string } | undefined;
  const { file } = flags.document ? { file: undefined } : withDefaultFile(flags, ctx);
  if (flags.document) {
    read = flags.document;
    document = parseInstanceDocument(read.text, read.source);
  } else if (file !== undefined) {
    read = await readInstanceFile(file, () => ctx.stdin, ctx.signal);
    document = parseInstanceDocument(read.text, read.source);
  }
  if (document && read) refuseOtherElement(flags.element, document, read.source, flags.file === undefined || flags.fileDefaulted === true);
  // A document given as data has no lines of its own to point at (its text is our JSON of it).
  const located = (resolved: ResolvedInstance): ResolvedInstance => (read && !flags.document ? { ...resolved, problems: locateProblems(resolved.problems, read.text, read.source) } : resolved);
  const elementKey = flags.element?.trim() || document?.element?.key.trim() || DEFAULT_ELEMENT;
  const element = loadElement ? await loadElement(elementKey) : undefined;
  const sources = {
    document,
    elementKey: flags.element,
    name: flags.name,
    tags: flags.tag,
    entryFlags: flags.entries,
    config: flags.config ?? [],
    env: ctx.env,
    element,
    answers,
    flagless: flags.flagless,
  };
  const first = resolveInstance(sources);
  if (!prompt || !ctx.interactive || first.promptable.length === 0) return located(first);
  const { askText } = await import("../ui/prompts.ts");
  const { askByKind } = await import("../ui/ask-by-kind.ts");
  for (const question of first.promptable) {
    // An entry with kinds of value (the sender) is asked the way init asks it: kind first.
    const entry = first.element.entries.find((candidate) => candidate.key === question.key);
    if (entry && !question.secret && (entry.validation.patterns ?? []).length > 1) {
      answers[question.key] = await askByKind(ctx, entry, (value) => entryProblem(sources, answers, question.key, value));
      continue;
    }
    answers[question.key] = await askText(ctx, {
      message: question.prompt,
      secret: question.secret,
      validate: (value) => (value === "" ? "A value is required (Ctrl-C to stop)." : entryProblem(sources, answers, question.key, value)),
    });
  }
  return located(resolveInstance({ ...sources, answers }));
}

/** The flags with --file defaulted to ./instance.json when it exists: gather with these once, to say so once. */
export function withDefaultFile(flags: InstanceFlags, ctx: Context): InstanceFlags {
  if (flags.file !== undefined) return flags;
  const file = defaultInstanceFile(ctx);
  return file === undefined ? flags : { ...flags, file, fileDefaulted: true };
}

/** Without --file, ./instance.json when it exists (what `connector init` writes), said on stderr. */
function defaultInstanceFile(ctx: Context): string | undefined {
  if (!existsSync(DEFAULT_INSTANCE_FILE)) return undefined;
  ctx.note(`Reading ./${DEFAULT_INSTANCE_FILE} (no --file given).`);
  return DEFAULT_INSTANCE_FILE;
}

/**
 * A file is never merged into a command for another element: a twilio file's Auth Token sent
 * under a twiliov2 instance lands in an entry the platform shows in clear. Exit 2 naming both.
 */
function refuseOtherElement(asked: string | undefined, document: InstanceDocument, source: string, defaulted: boolean): void {
  const wanted = asked?.trim();
  const inFile = document.element?.key.trim() || DEFAULT_ELEMENT;
  if (!wanted || wanted === inFile) return;
  const read = defaulted ? `./${DEFAULT_INSTANCE_FILE} (read because no --file was given)` : source;
  throw new UsageError(
    `--element ${wanted} was given, but ${read} is an instance of element ${inFile}: its entries are not merged into an instance of another element; nothing was sent.`,
    defaulted
      ? `Pass --file with an instance.json for ${wanted}, or run the command in a folder without ./${DEFAULT_INSTANCE_FILE}.`
      : `Pass --file with an instance.json for ${wanted}, or leave out --element to use the file's element ${inFile}.`,
  );
}

/** The problem an answer would cause, checked as the user types. */
function entryProblem(sources: Parameters<typeof resolveInstance>[0], answers: Record<string, string>, key: string, value: string): string | undefined {
  const trial = resolveInstance({ ...sources, answers: { ...answers, [key]: value } });
  return trial.problems.find((p) => p.key === key && p.problem === "invalid")?.message;
}
