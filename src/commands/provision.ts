// `connector provision`: build and validate the body, look for an existing instance of the
// same element and name, then create, keep or update it, and store its token.
import type { Context } from "../context.ts";
import type { InstanceFlags } from "../cli/entry-flags.ts";
import { ApiError, ConfigError } from "../errors.ts";
import { registerSecret } from "../secrets.ts";
import { openStore, type InstanceRecord } from "../store/index.ts";
import type { PlatformInstance } from "../api/platform.ts";
import type { CommandResult } from "../ui/result.ts";
import { gatherInstance } from "./shared/instance-input.ts";
import { connectPlatform, resolvePlatform } from "./shared/platform.ts";
import { planInstanceRequest } from "./shared/request-plan.ts";
import { findExistingInstance } from "./shared/find-existing.ts";

export type IfExists = "fail" | "skip" | "update" | "create";

export interface ProvisionOptions extends InstanceFlags {
  dryRun: boolean;
  ifExists: IfExists;
  showToken: boolean;
}

/** Creates (or keeps, or updates) the instance and stores its token under the profile. */
export async function provision(options: ProvisionOptions, ctx: Context): Promise<CommandResult> {
  const resolved = await gatherInstance(options, ctx, { prompt: true });
  if (resolved.problems.length > 0) {
    throw new ConfigError(`Cannot provision: ${resolved.problems.length} missing or invalid entr${resolved.problems.length === 1 ? "y" : "ies"}; nothing was sent.`, resolved.problems);
  }
  const store = openStore(ctx.configDir);
  const target = await resolvePlatform(ctx, store);
  const { body, element } = resolved;
  if (options.dryRun) {
    const request = planInstanceRequest(target.baseUrl, body, element, ctx.version);
    return {
      data: { dryRun: true, request, name: body.name, element: element.key, profile: ctx.profile },
      warnings: [...resolved.warnings, ...target.problems.map((p) => p.message)],
      text: (s) => `${s.bold("Dry run")}: nothing sent. Would check for an existing instance (GET ${target.baseUrl}/instances), then send:\n\n${request.method} ${request.url}\n${Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`).join("\n")}\n\n${JSON.stringify(request.body, null, 2)}`,
    };
  }
  if (!target.credentials) throw new ConfigError("Platform secrets are missing; nothing was sent.", target.problems);
  const client = await connectPlatform(ctx, { baseUrl: target.baseUrl, credentials: target.credentials });
  try {
    const existing = options.ifExists === "create" ? undefined : await findExistingInstance(client, body.element.key, body.name);
    let instance: PlatformInstance;
    let created = false;
    if (existing && options.ifExists === "fail") {
      throw new ApiError("conflict", `An instance named "${body.name}" of element ${element.key} already exists (id ${existing.id}) on ${target.baseUrl}.`, 409, undefined,
        "Use --if-exists skip to keep it and store its token, --if-exists update to change it, or --if-exists create to make another.");
    } else if (existing && options.ifExists === "update") {
      instance = await client.updateInstance(existing.id, body);
    } else if (existing) {
      instance = existing;
    } else {
      instance = await client.createInstance(body);
      created = true;
    }
    const token = registerSecret(instance.token ?? existing?.token ?? (await client.getInstance(instance.id)).token);
    if (!token) throw new ApiError("api", `The platform did not return a token for instance ${instance.id}.`, undefined, undefined, "Check the instance in the platform's console.");
    const record: InstanceRecord = {
      id: instance.id, name: instance.name ?? body.name, element: element.key, profile: ctx.profile, baseUrl: target.baseUrl,
      tags: instance.tags ?? body.tags, token, sender: resolved.sender, templates: resolved.templates, createdAt: instance.createdDate ?? new Date().toISOString(),
    };
    await store.saveInstance(record);
    const verb = created ? "Created" : options.ifExists === "update" ? "Updated" : "Kept existing";
    return {
      data: { id: record.id, name: record.name, element: record.element, profile: ctx.profile, created, baseUrl: target.baseUrl, tags: record.tags, ...(options.showToken ? { token } : {}) },
      reveal: options.showToken ? [token] : [],
      warnings: resolved.warnings,
      text: (s) =>
        [
          `${s.green("✔")} ${verb} ${element.key} instance ${s.bold(record.name)} (id ${record.id}) on ${target.baseUrl}`,
          `  Token stored for profile "${ctx.profile}" in ${store.path}. Print it with: connector token ${record.name}`,
          ...(options.showToken ? [`  Token: ${token}`] : []),
        ].join("\n"),
    };
  } finally {
    await client.close();
  }
}
