// Provisioning one validated instance: the existence check, then create, keep or update,
// then store the token. Shared by `provision` for one file and for batches.
import { ApiError } from "../errors.ts";
import { registerSecret } from "../secrets.ts";
import type { PlatformClient, PlatformInstance } from "../api/platform.ts";
import type { ResolvedInstance } from "../instance/resolve.ts";
import type { InstanceRecord, Store } from "../store/index.ts";
import { findExistingInstance } from "./find-existing.ts";

export type IfExists = "fail" | "skip" | "update" | "create";

export interface ProvisionTarget {
  client: PlatformClient;
  store: Store;
  profile: string;
  baseUrl: string;
}

export interface ProvisionOutcome {
  record: InstanceRecord;
  action: "created" | "kept" | "updated";
}

/** Creates (or keeps, or updates) the instance on the platform and stores its token. */
export async function provisionOne(resolved: ResolvedInstance, ifExists: IfExists, target: ProvisionTarget): Promise<ProvisionOutcome> {
  const { body, element } = resolved;
  const { client } = target;
  const existing = ifExists === "create" ? undefined : await findExistingInstance(client, body.element.key, body.name);
  let instance: PlatformInstance;
  let action: ProvisionOutcome["action"];
  if (existing && ifExists === "fail") {
    throw new ApiError("conflict", `An instance named "${body.name}" of element ${element.key} already exists (id ${existing.id}) on ${target.baseUrl}.`, 409, undefined,
      "Use --if-exists skip to keep it and store its token, --if-exists update to change it, or --if-exists create to make another.");
  } else if (existing && ifExists === "update") {
    instance = await client.updateInstance(existing.id, body);
    action = "updated";
  } else if (existing) {
    instance = existing;
    action = "kept";
  } else {
    instance = await client.createInstance(body);
    action = "created";
  }
  const token = registerSecret(instance.token ?? existing?.token ?? (await client.getInstance(instance.id)).token);
  if (!token) throw new ApiError("api", `The platform did not return a token for instance ${instance.id}.`, undefined, undefined, "Check the instance in the platform's console.");
  const record: InstanceRecord = {
    id: instance.id,
    name: instance.name ?? body.name,
    element: element.key,
    profile: target.profile,
    baseUrl: target.baseUrl,
    tags: instance.tags ?? body.tags,
    token,
    sender: resolved.sender,
    templates: resolved.templates,
    createdAt: instance.createdDate ?? new Date().toISOString(),
  };
  await target.store.saveInstance(record);
  return { record, action };
}
