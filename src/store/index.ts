// The store of profiles and instance tokens: where it lives, and the one way to open it.
// Commands import from here; the implementation (and conf behind it) loads on first use.
export type { InstanceRecord, ProfileRecord, SecretStore, Store, StoredTemplate } from "./types.ts";
export { checkInstanceRecord, openStore } from "./store.ts";
export { resolveConfigDir } from "../os/folders.ts";
