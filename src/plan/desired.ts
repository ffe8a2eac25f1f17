// The desired instances of a plan, read from the same inputs as a batch provision (files,
// directories, --batch NDJSON: src/batch/sources.ts) and built and validated the same way
// (src/batch/prepare.ts). Unlike a batch, a plan is all or nothing: one bad file is a problem
// of the whole plan (exit 3), every problem located in its file, and nothing is read from the
// platform before they are fixed.
import { existsSync } from "node:fs";
import type { Context } from "../context.ts";
import { ConfigError, UsageError, type Problem } from "../errors.ts";
import { prepareItem, type ElementLookup } from "../batch/prepare.ts";
import { checkBatchInput, readBatchItems, type BatchInput } from "../batch/sources.ts";
import type { ResolvedInstance } from "../instance/resolve.ts";
import { locateProblems } from "../instance/locate.ts";

export interface DesiredInstance {
  source: string;
  resolved: ResolvedInstance;
}

/** The inputs, with `./instance.json` when none is named (said on stderr). */
export function defaultInput(input: BatchInput, ctx: Pick<Context, "note">): BatchInput {
  if (input.files.length > 0 || input.batch !== undefined) return input;
  if (!existsSync("instance.json")) {
    throw new UsageError("No instances to plan: pass --file <path|dir> (repeatable) or --batch <file.ndjson>.", "For example: connector plan --file instances/");
  }
  ctx.note("Reading ./instance.json (no --file given).");
  return { files: ["instance.json"] };
}

/** Every desired instance; throws one ConfigError listing every problem of every input. */
export async function readDesired(input: BatchInput, ctx: Context, lookUpElement: ElementLookup, prune?: string): Promise<DesiredInstance[]> {
  await checkBatchInput(input);
  const desired: DesiredInstance[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for await (const raw of readBatchItems(input, ctx.stdin)) {
    const item = await prepareItem(raw, { entries: {} }, ctx.env, lookUpElement);
    if (!item.resolved) {
      problems.push(...problemsOf(item.error, raw.source));
      continue;
    }
    const { body } = item.resolved;
    const id = `${body.element.key}\0${body.name}`;
    const other = seen.get(id);
    if (other !== undefined) {
      problems.push(
        ...locateProblems(
          [{ key: "name", problem: "invalid", message: `Instance "${body.name}" of element ${body.element.key} is wanted twice, here and in ${other}: give each instance its own name.` }],
          raw.text ?? "",
          raw.source,
        ),
      );
    }
    seen.set(id, raw.source);
    if (prune !== undefined && !body.tags.includes(prune)) {
      const message = `${body.name} lacks the tag ${JSON.stringify(prune)} that --prune ${prune} deletes by: add it to the file's "tags", or every instance without it would be left out of the prune.`;
      problems.push(...locateProblems([{ key: "tags", problem: "missing", message, flag: "--prune" }], raw.text ?? "", raw.source));
    }
    desired.push({ source: raw.source, resolved: item.resolved });
  }
  if (problems.length > 0) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    throw new ConfigError(`Cannot plan: ${count} in the instance files; nothing was read from the platform.`, problems, "Fix them and run the same command again.");
  }
  return desired;
}

/** The problems of an input that could not be built, each naming its file. */
function problemsOf(error: unknown, source: string): Problem[] {
  if (error instanceof ConfigError && error.problems.length > 0) return error.problems.map((p) => ({ file: source, ...p }));
  if (error instanceof ConfigError) return [{ key: "file", problem: error.code === "missing_config" ? "missing" : "invalid", message: error.message, file: source }];
  throw error;
}
