// The records the store keeps, and the Store interface commands program against. Kept apart
// from the implementation so commands can import the types without loading any of it.

/** Where a profile's platform secrets are kept: the OS keychain (service `connector`), or this file. */
export type SecretStore = "keychain" | "file";

/** A named profile: where the platform is and the secrets that open it. */
export interface ProfileRecord {
  baseUrl?: string;
  /** In this file when `secretStore` is "file" (or absent: profiles stored before the keychain); never with "keychain". */
  userSecret?: string;
  orgSecret?: string;
  /** Set by `login` alone, so no other command moves the secrets; absent means "file". */
  secretStore?: SecretStore;
  updatedAt: string;
}

/** A Logto-style message template, kept with the instance (never sent to the platform). */
export interface StoredTemplate {
  usageType: string;
  content: string;
}

/** One provisioned instance and its token; identified by profile + baseUrl + id. */
export interface InstanceRecord {
  id: number;
  name: string;
  element: string;
  profile: string;
  baseUrl: string;
  tags: string[];
  token: string;
  sender?: string;
  templates: StoredTemplate[];
  createdAt: string;
  operationId?: string;
}

/** Profiles and instance tokens on disk, safe against concurrent processes and crashes. */
export interface Store {
  /** The file, for messages. */
  readonly path: string;
  getProfile(name: string): Promise<ProfileRecord | undefined>;
  saveProfile(name: string, profile: ProfileRecord): Promise<void>;
  deleteProfile(name: string): Promise<boolean>;
  listProfiles(): Promise<string[]>;
  /** How many instances each profile stores, for every profile that stores one (with a profile record or without: CI). */
  countInstancesByProfile(): Promise<Map<string, number>>;
  listInstances(profile: string): Promise<InstanceRecord[]>;
  /**
   * By exact name or by numeric id (as a string), optionally only those of one base URL;
   * several matches -> throws UsageError listing them with their ids and base URLs.
   */
  findInstance(profile: string, nameOrId: string, baseUrl?: string): Promise<InstanceRecord | undefined>;
  /** Insert or replace (same profile + baseUrl + id). */
  saveInstance(record: InstanceRecord): Promise<void>;
  /** saveInstance for many records in one locked write (batches group their tokens this way). */
  saveInstances(records: InstanceRecord[]): Promise<void>;
  /**
   * saveInstances for a batch: appends the records to the store's journal (durable when it
   * resolves) instead of rewriting store.json; every read sees them at once.
   */
  journalInstances(records: InstanceRecord[]): Promise<void>;
  /** Writes what the journal holds into store.json and removes the journal (a batch's end). */
  foldJournal(): Promise<void>;
  removeInstance(profile: string, baseUrl: string, id: number): Promise<boolean>;
  /**
   * Proves the store can be written now (lock, directory, free space) without changing it;
   * throws the error a write would. Run before creating anything that only the store keeps.
   */
  checkWritable(signal?: AbortSignal): Promise<void>;
}

/** The whole of store.json. Fields this version does not know are kept as they are. */
export interface StoreDocument {
  version?: number;
  profiles?: Record<string, ProfileRecord>;
  instances?: InstanceRecord[];
  /** The highest journal line this file holds (src/store/journal.ts). */
  journalSeq?: number;
  [unknown: string]: unknown;
}
