// The Store commands use: profiles and instances kept in <configDir>/store.json. Reads take
// no lock (writes are atomic renames, so a read sees one whole version of the file); every
// change is a read-modify-write under the lock, keeping whatever fields it does not know.
import { UsageError } from "../errors.ts";
import { registerSecret } from "../secrets.ts";
import { describeInstanceProblem, describeProfileProblem, keepUnknownFields, PROFILE_FIELDS, setOwn } from "./document.ts";
import { StoreFile } from "./file.ts";
import { upsertInstances } from "./records.ts";
import { checkProfileName } from "./profile-name.ts";
import type { LockOptions } from "./lock.ts";
import type { InstanceRecord, ProfileRecord, Store, StoreDocument } from "./types.ts";

function profileOf(document: StoreDocument, name: string): ProfileRecord | undefined {
  const profiles = document.profiles ?? {};
  return Object.hasOwn(profiles, name) ? profiles[name] : undefined;
}

function sameInstance(record: InstanceRecord, profile: string, baseUrl: string, id: number): boolean {
  return record.profile === profile && record.baseUrl === baseUrl && record.id === id;
}

function ambiguityError(profile: string, nameOrId: string, matches: InstanceRecord[]): UsageError {
  const listed = matches.map((m) => `${m.id} "${m.name}" (${m.baseUrl})`).join(", ");
  const byId = new Set(matches.map((m) => m.id)).size === matches.length;
  const next = byId ? `Name it by id instead, e.g. ${matches[0]?.id}.` : "Pass --base-url to say which platform, or remove the stale one with `connector instances delete --local-only`.";
  return new UsageError(`Several stored instances of profile "${profile}" match "${nameOrId}": ${listed}. ${next}`);
}

/** Throws a TypeError when `record` cannot be stored (a bug upstream); registers its token as a secret. */
export function checkInstanceRecord(record: InstanceRecord): void {
  checkProfileName(record.profile);
  const problem = describeInstanceProblem(record, "instance");
  if (problem) throw new TypeError(`saveInstance: ${problem}`);
  registerSecret(record.token);
}

/** Opens the store of `configDir`. Nothing is read or created until a method is called. */
export function openStore(configDir: string, lockOptions: LockOptions = {}): Store {
  const file = new StoreFile(configDir, lockOptions);

  const listInstances = async (profile: string): Promise<InstanceRecord[]> => ((await file.read()).instances ?? []).filter((record) => record.profile === profile);

  /** Inserts or replaces every record in one read-modify-write under the lock. */
  const saveInstances = async (records: InstanceRecord[]): Promise<void> => {
    for (const record of records) checkInstanceRecord(record);
    if (records.length === 0) return;
    await file.update(
      (document) => {
        upsertInstances(document, records);
        return true;
      },
      { create: true },
    );
  };

  return {
    path: file.path,

    async getProfile(name) {
      return profileOf(await file.read(), name);
    },

    async saveProfile(name, profile) {
      checkProfileName(name);
      const problem = describeProfileProblem(profile, "profile");
      if (problem) throw new TypeError(`saveProfile: ${problem}`);
      registerSecret(profile.userSecret);
      registerSecret(profile.orgSecret);
      await file.update(
        (document) => {
          const profiles: Record<string, ProfileRecord> = { ...document.profiles };
          setOwn(profiles, name, keepUnknownFields(profileOf(document, name), profile, PROFILE_FIELDS));
          document.profiles = profiles;
          return true;
        },
        { create: true },
      );
    },

    async deleteProfile(name) {
      return file.update(
        (document) => {
          if (!profileOf(document, name)) return false;
          const profiles: Record<string, ProfileRecord> = { ...document.profiles };
          delete profiles[name];
          document.profiles = profiles;
          return true;
        },
        { create: false },
      );
    },

    async listProfiles() {
      return Object.keys((await file.read()).profiles ?? {}).sort();
    },

    async countInstancesByProfile() {
      const counts = new Map<string, number>();
      for (const record of (await file.read()).instances ?? []) counts.set(record.profile, (counts.get(record.profile) ?? 0) + 1);
      return counts;
    },

    listInstances,

    async findInstance(profile, nameOrId, baseUrl) {
      const id = /^\d+$/.test(nameOrId) ? Number(nameOrId) : undefined;
      const matches = (await listInstances(profile)).filter((record) => (record.name === nameOrId || record.id === id) && (baseUrl === undefined || record.baseUrl === baseUrl));
      if (matches.length > 1) throw ambiguityError(profile, nameOrId, matches);
      return matches[0];
    },

    async saveInstance(record) {
      await saveInstances([record]);
    },

    saveInstances,

    checkWritable(signal) {
      return file.probe(signal);
    },

    async journalInstances(records) {
      for (const record of records) checkInstanceRecord(record);
      if (records.length > 0) await file.append(records);
    },

    async foldJournal() {
      await file.update(() => false, { create: false });
    },

    async removeInstance(profile, baseUrl, id) {
      return file.update(
        (document) => {
          const instances = document.instances ?? [];
          const kept = instances.filter((record) => !sameInstance(record, profile, baseUrl, id));
          if (kept.length === instances.length) return false;
          document.instances = kept;
          return true;
        },
        { create: false },
      );
    },
  };
}
