// Making a plan: each desired instance looked up on the platform by element and name (the
// oldest, as provision picks it), `concurrency` look-ups in flight on the batch's worker pool,
// compared field by field (diff.ts); with --prune, every instance carrying the tag that no file
// wants is to be deleted. Reads only. The plan lists the changes in the files' order, however
// the answers arrive.
import { createHash } from "node:crypto";
import type { PlatformClient, PlatformInstance } from "../api/platform.ts";
import { runPool } from "../batch/pool.ts";
import { findSameNamed } from "../provision/find-existing.ts";
import type { DesiredInstance } from "./desired.ts";
import { diffInstance, fingerprintTagsFor, isSecretEntry, userTagsOf } from "./diff.ts";
import type { FingerprintKey } from "./fingerprint.ts";
import { summarize, type Plan, type PlannedChange } from "./types.ts";

export interface PlanRequest {
  desired: DesiredInstance[];
  inputs: Plan["inputs"];
  prune?: string;
  replaceSecrets: boolean;
  baseUrl: string;
  profile: string;
  key: FingerprintKey;
  /** Look-ups in flight at once (`--concurrency`). */
  concurrency: number;
  /** Called as each desired instance has been looked up (a progress bar). */
  onRead?: () => void;
  /** Ctrl-C: no look-up more is started. */
  signal?: AbortSignal;
}

/** A digest of what the platform holds for `instance` (no secret: the platform masks them). */
export function observe(instance: PlatformInstance): string {
  const { id, name, tags, nameTagged, operationId, fingerprints, configuration, disabled } = instance;
  const seen = { id, name, tags: [...(tags ?? [])].sort(), nameTagged, operationId, fingerprints: [...(fingerprints ?? [])].sort(), configuration: sortKeys(configuration ?? {}), disabled };
  return createHash("sha256").update(JSON.stringify(seen)).digest("hex");
}

function sortKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The plan for `request` against the platform as it is now. */
export async function makePlan(client: Pick<PlatformClient, "listInstances">, request: PlanRequest): Promise<Plan> {
  const found: PlatformInstance[][] = [];
  const indexed = request.desired.map((desired, index) => ({ desired, index }));
  await runPool(
    indexed,
    request.concurrency,
    async ({ desired, index }) => {
      const { body } = desired.resolved;
      found[index] = await findSameNamed(client, body.element.key, body.name);
      request.onRead?.();
    },
    request.signal,
  );
  request.signal?.throwIfAborted();
  const changes: PlannedChange[] = [];
  const warnings: string[] = [];
  const wanted = new Set<number>();
  for (const [index, { source, resolved }] of request.desired.entries()) {
    const { body } = resolved;
    const same = found[index] ?? [];
    const current = same[0];
    const base = { element: body.element.key, name: body.name, source, resolved };
    if (same.length > 1)
      warnings.push(`${same.length} instances of ${body.element.key} are named "${body.name}" (ids ${same.map((i) => i.id).join(", ")}): the plan compares the oldest, id ${current?.id}.`);
    for (const instance of same) wanted.add(instance.id);
    if (!current) {
      const tags = [...body.tags, ...fingerprintTagsFor(resolved, request.key)];
      changes.push({ ...base, action: "create", fields: createFields(resolved), body: { ...body, tags } });
      continue;
    }
    const diff = diffInstance(resolved, current, request.key, request.replaceSecrets);
    for (const field of diff.fields) {
      if (field.comparison === "unknown" && !request.replaceSecrets)
        warnings.push(`${body.name}: the platform's ${field.key} was not set by connector with this key, so whether it differs is unknown; it is left alone (pass --replace-secrets to set it).`);
    }
    changes.push({ ...base, action: diff.changed ? "update" : "none", id: current.id, fields: diff.fields, observed: observe(current), body: diff.patch, current });
  }
  if (request.prune !== undefined) {
    for await (const instance of client.listInstances({ tags: [request.prune] })) {
      if (wanted.has(instance.id) || !userTagsOf(instance, []).includes(request.prune)) continue;
      wanted.add(instance.id);
      changes.push({ action: "delete", element: instance.element.key, name: instance.name, id: instance.id, fields: [], observed: observe(instance), current: instance });
    }
  }
  const { desired: _desired, key, concurrency: _concurrency, onRead: _onRead, signal: _signal, ...rest } = request;
  return { ...rest, keyId: key.id, changes, summary: summarize(changes), warnings };
}

/** What a create sets: every entry, secrets named but never shown. */
function createFields(resolved: DesiredInstance["resolved"]): PlannedChange["fields"] {
  const { body } = resolved;
  const fields: PlannedChange["fields"] = [];
  if (body.tags.length > 0) fields.push({ key: "tags", to: [...body.tags] });
  for (const [key, value] of Object.entries(body.configuration)) {
    fields.push(isSecretEntry(resolved, key) ? { key, secret: true, comparison: "changed" } : { key, to: value });
  }
  return fields;
}
