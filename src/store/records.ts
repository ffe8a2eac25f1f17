// Inserting or replacing instance records in a store document, in one pass over what is
// stored: a batch's write (or a journal folded at its end) stays linear in the store's size.
import { INSTANCE_FIELDS, keepUnknownFields } from "./document.ts";
import type { InstanceRecord, StoreDocument } from "./types.ts";

/** An instance is identified by its profile, platform and id. */
export function instanceKey(profile: string, baseUrl: string, id: number): string {
  return JSON.stringify([profile, baseUrl, id]);
}

/** Inserts each record, or replaces the stored one of the same key, keeping fields this version does not know. */
export function upsertInstances(document: StoreDocument, records: InstanceRecord[]): void {
  const instances = [...(document.instances ?? [])];
  const positions = new Map(instances.map((old, index) => [instanceKey(old.profile, old.baseUrl, old.id), index]));
  for (const record of records) {
    const key = instanceKey(record.profile, record.baseUrl, record.id);
    const index = positions.get(key);
    const merged = keepUnknownFields(index === undefined ? undefined : instances[index], record, INSTANCE_FIELDS);
    if (index === undefined) positions.set(key, instances.push(merged) - 1);
    else instances[index] = merged;
  }
  document.instances = instances;
}
