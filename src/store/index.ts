// The store of profiles and instance tokens: where it lives, and the one way to open it.
// Commands import from here; the implementation (and conf behind it) loads on first use.
import os from "node:os";
import path from "node:path";

export type { InstanceRecord, ProfileRecord, Store, StoredTemplate } from "./types.ts";
export type { LockOptions } from "./lock.ts";
export { openStore } from "./store.ts";

/**
 * The state directory (CONTRACT.md "State lives in CONNECTOR_CONFIG_DIR"):
 * CONNECTOR_CONFIG_DIR, else $XDG_CONFIG_HOME/connector, else ~/.config/connector.
 * Empty and relative XDG_CONFIG_HOME values are ignored, as the XDG spec says.
 */
export function resolveConfigDir(env: NodeJS.ProcessEnv): string {
  const explicit = env.CONNECTOR_CONFIG_DIR;
  if (explicit) return path.resolve(explicit);
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, "connector");
  return path.join(os.homedir(), ".config", "connector");
}
