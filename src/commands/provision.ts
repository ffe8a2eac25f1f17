// `connector provision`: build and validate the body, then create, keep or update the
// instance (src/provision/) and report it. `--dry-run` prints the plan instead.
import type { Context } from "../context.ts";
import type { InstanceFlags } from "../instance/flags.ts";
import { ConfigError } from "../errors.ts";
import type { CommandResult } from "../ui/result.ts";
import { cannotProvisionMessage } from "../instance/cannot-provision.ts";
import type { IfExists } from "../provision/provision-one.ts";
import { withProvisioningSession } from "../provision/session.ts";
import type { ResolvedInstance } from "../instance/resolve.ts";
import { planInstanceRequest } from "../provision/request-plan.ts";
import type { PlatformTarget } from "../platform/target.ts";
import { gatherWithPlatformMetadata } from "../platform/element-metadata.ts";
import { createOperationId, operationTag } from "../api/operation-tag.ts";
import type { ProvisionTwilioFlags } from "../provision/twilio-flags.ts";
import { finishExtras, prepareExtras } from "../provision/twilio-extras.ts";
import type { BatchFlags } from "../batch/flags.ts";
import { toBatchOptions, wantsBatch } from "../batch/options.ts";
import { writeGithubOutputs } from "../ui/github.ts";
import { shellQuote } from "../ui/shell-quote.ts";

export type { IfExists } from "../provision/provision-one.ts";

export interface ProvisionOptions extends InstanceFlags, Partial<ProvisionTwilioFlags>, Partial<BatchFlags> {
  dryRun: boolean;
  ifExists: IfExists;
  showToken: boolean;
  /** Write the instance's id and name to $GITHUB_OUTPUT (GitHub Actions). */
  githubOutput?: boolean;
}

const VERBS = { created: "Created", kept: "Kept existing", updated: "Updated" } as const;

/**
 * Provisions the instance built from the options and stores its token under the profile.
 * Several files, a directory, --batch or --shard make a batch (src/batch/): `announce` then
 * prints each instance's result as it finishes, and the result returned is the summary.
 */
export async function provision(options: ProvisionOptions, ctx: Context, announce: (result: CommandResult) => void = () => undefined): Promise<CommandResult> {
  if (wantsBatch(options)) {
    const { provisionBatch } = await import("../batch/run-batch.ts");
    return provisionBatch(toBatchOptions(options), ctx, announce);
  }
  return withProvisioningSession(ctx, {}, async (session) => {
    const { store, target } = session;
    const resolved = await gatherWithPlatformMetadata(options, ctx, target, !options.dryRun);
    // Every problem in one run: missing platform secrets are reported with the entries, so a CI
    // job fixes them all at once (a dry run sends nothing, so it needs no secrets).
    const secretProblems = options.dryRun || target.credentials ? [] : target.problems;
    if (resolved.problems.length > 0 || secretProblems.length > 0) {
      const message = cannotProvisionMessage({ entries: resolved.problems.length, secrets: secretProblems.length });
      throw new ConfigError(message, [...resolved.problems, ...secretProblems], undefined, resolved.warnings);
    }
    const extras = await prepareExtras(resolved, ctx, options);
    const { element } = resolved;
    if (options.dryRun) return dryRunResult(resolved, target, ctx);
    const outcome = await session.provision(resolved, options.ifExists);
    const { record, action, warnings } = outcome;
    const extra = await finishExtras(extras, outcome, {
      client: await session.connect(),
      store,
      sendPath: element.send.path,
      messagePath: element.send.messagePath,
      signal: ctx.signal,
      progress: ctx.progress,
    });
    const token = record.token;
    if (options.githubOutput) writeGithubOutputs(ctx.env, { id: String(record.id), name: record.name });
    return {
      data: {
        id: record.id,
        name: record.name,
        element: record.element,
        profile: ctx.profile,
        created: action === "created",
        action,
        baseUrl: target.baseUrl,
        tags: record.tags,
        ...(options.showToken ? { token } : {}),
        ...extra.data,
      },
      reveal: options.showToken ? [token] : [],
      warnings: [...resolved.warnings, ...warnings, ...extra.warnings],
      text: (s) =>
        [
          ...extra.before(s),
          `${s.green("✔")} ${VERBS[action]} ${element.key} instance ${s.bold(record.name)} (id ${record.id}) on ${target.baseUrl}`,
          `  Token stored for profile "${ctx.profile}" in ${store.path}. Print it with: connector token ${shellQuote(record.name)}`,
          ...(options.showToken ? [`  Token: ${token}`] : []),
          ...extra.after(s),
        ].join("\n"),
    };
  });
}

/** `--dry-run`: the request that would be sent, with its operation tag, and nothing sent. */
function dryRunResult(resolved: ResolvedInstance, target: PlatformTarget, ctx: Context): CommandResult {
  const { body, element } = resolved;
  const operationId = createOperationId();
  const request = planInstanceRequest(target.baseUrl, body, element, ctx.version, undefined, operationId);
  const tag = operationTag(operationId);
  const tagNote = `The tag ${tag} marks this one provisioning (each run makes a new one), so that after a lost answer connector can ask the platform whether the instance was created instead of creating it twice.`;
  return {
    data: { dryRun: true, request, operationTag: tag, name: body.name, element: element.key, profile: ctx.profile },
    warnings: [...resolved.warnings, ...target.problems.map((p) => p.message)],
    text: (s) =>
      `${s.bold("Dry run")}: nothing sent. Would check for an existing instance (GET ${target.baseUrl}/instances), then send:\n\n` +
      `${request.method} ${request.url}\n${Object.entries(request.headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join("\n")}\n\n${JSON.stringify(request.body, null, 2)}\n\n${s.dim(tagNote)}`,
  };
}
