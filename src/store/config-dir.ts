// Where the state lives, on its own: every command needs the path at start-up, and importing it
// from here loads nothing of the store itself (its lock, conf), which only some commands use.
import os from "node:os";
import path from "node:path";

/**
 * The state directory (the contract: "State lives in CONNECTOR_CONFIG_DIR"):
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
