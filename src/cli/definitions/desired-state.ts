// The desired-state commands: plan and apply a folder of instance files.
import { defineCommand, type OptionDefs } from "../define-command.ts";
import { EXAMPLES } from "../examples.ts";
import { MAX_RATE_OPTION, withMaxRate } from "../options/rate-options.ts";
import { CONCURRENCY_OPTION } from "../options/concurrency-option.ts";

/** The inputs plan and apply share: the desired instances, the prune tag, secrets and CI outputs. */
const DESIRED_STATE_OPTIONS = {
  file: { type: "list", flags: "-f, --file <path|dir>", description: "instance.json, or a directory of *.json, holding desired instances (repeatable; default ./instance.json)" },
  batch: { type: "string", flags: "--batch <file.ndjson|->", description: "desired instances from an NDJSON file (one instance.json object a line), or - for standard input" },
  prune: { type: "string", flags: "--prune <tag>", description: "also delete every instance tagged <tag> that no file wants (each file must carry the tag)" },
  replaceSecrets: { type: "boolean", flags: "--replace-secrets", description: "set secrets whose platform value is unknown (no fingerprint from connector with this key)" },
  githubOutput: { type: "boolean", flags: "--github-output", description: "write changes, summary, ids and names to $GITHUB_OUTPUT" },
  ...MAX_RATE_OPTION,
  // How fast the platform is asked: the batch's own options.
  ...CONCURRENCY_OPTION,
} as const satisfies OptionDefs;

function desiredStateOf(o: { file: string[]; batch?: string; prune?: string; replaceSecrets: boolean; githubOutput: boolean; concurrency?: string }) {
  return { files: o.file, batch: o.batch, prune: o.prune, replaceSecrets: o.replaceSecrets, githubOutput: o.githubOutput, concurrency: o.concurrency };
}

export const plan = defineCommand({
  path: ["plan"],
  description: "what apply would change on the platform, field by field; changes nothing",
  options: {
    ...DESIRED_STATE_OPTIONS,
    out: { type: "string", flags: "--out <plan.json>", description: "save the plan (mode 0600, no secret) for connector apply --plan" },
    detailedExitcode: { type: "boolean", flags: "--detailed-exitcode", description: "exit 0 when nothing would change, 8 when something would" },
  },
  help: [EXAMPLES.plan],
  run: async ({ options: o }, ctx) => (await import("../../commands/plan.ts")).plan({ ...desiredStateOf(o), out: o.out, detailedExitcode: o.detailedExitcode }, withMaxRate(ctx, o.maxRate)),
});

export const apply = defineCommand({
  path: ["apply"],
  description: "carry out the plan: create, update and (with --prune) delete instances",
  options: {
    ...DESIRED_STATE_OPTIONS,
    yes: { type: "boolean", flags: "-y, --yes", description: "do not ask; also needed to delete (--prune) without a terminal" },
    plan: { type: "string", flags: "--plan <plan.json>", description: "carry out a plan saved by connector plan --out, refusing if the platform changed since" },
  },
  help: [EXAMPLES.apply],
  run: async ({ options: o }, ctx, announce) => (await import("../../commands/apply.ts")).apply({ ...desiredStateOf(o), yes: o.yes, plan: o.plan }, withMaxRate(ctx, o.maxRate), announce),
});
