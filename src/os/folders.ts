// Where connector keeps its state (profiles, the store of tokens, its journal and lock) and its
// caches (compiled code, element metadata), on each OS; every command needs the state folder's
// path at start-up, and importing it from here loads nothing of the store. bin/ and the code
// cache use the same rule (src/startup/), so a cache is never looked for somewhere else.
//   explicit:  CONNECTOR_CONFIG_DIR / CONNECTOR_CACHE_DIR, on every OS
//   XDG:       $XDG_CONFIG_HOME/connector, $XDG_CACHE_HOME/connector (absolute values only, as
//              the XDG spec says), on every OS: a user who set them wants them
//   Windows:   %APPDATA%\connector (roaming, like gh's %AppData%\GitHub CLI) and
//              %LOCALAPPDATA%\connector\Cache (a cache does not roam)
//   elsewhere: ~/.config/connector and ~/.cache/connector (macOS too, as gh does)
import os from "node:os";
import path from "node:path";
import { hostOs, type HostOs } from "./host.ts";

type Env = Record<string, string | undefined>;

/** An absolute path from the environment, else undefined (empty and relative values are ignored). */
function absolute(value: string | undefined, paths: typeof path): string | undefined {
  return value && paths.isAbsolute(value) ? value : undefined;
}

/** Node's path functions for `osName`, so a Windows path is built with backslashes in tests on Linux too. */
function pathsOf(osName: HostOs): typeof path {
  return osName === "windows" ? path.win32 : path.posix;
}

/**
 * The state directory: CONNECTOR_CONFIG_DIR, else $XDG_CONFIG_HOME/connector, else on Windows
 * %APPDATA%\connector (or the profile's AppData\Roaming when APPDATA is unset), else
 * ~/.config/connector.
 */
export function resolveConfigDir(env: Env, osName: HostOs = hostOs(), home: string = os.homedir()): string {
  const paths = pathsOf(osName);
  const explicit = env.CONNECTOR_CONFIG_DIR;
  if (explicit) return paths.resolve(explicit);
  const xdg = absolute(env.XDG_CONFIG_HOME, paths);
  if (xdg) return paths.join(xdg, "connector");
  if (osName === "windows") return paths.join(absolute(env.APPDATA, paths) ?? paths.join(home, "AppData", "Roaming"), "connector");
  return paths.join(home, ".config", "connector");
}

/**
 * The cache directory: CONNECTOR_CACHE_DIR, else $XDG_CACHE_HOME/connector, else on Windows
 * %LOCALAPPDATA%\connector\Cache (or the profile's AppData\Local), else ~/.cache/connector.
 */
export function resolveCacheDir(env: Env, osName: HostOs = hostOs(), home: string = os.homedir()): string {
  const paths = pathsOf(osName);
  const explicit = env.CONNECTOR_CACHE_DIR;
  if (explicit) return paths.resolve(explicit);
  const xdg = absolute(env.XDG_CACHE_HOME, paths);
  if (xdg) return paths.join(xdg, "connector");
  if (osName === "windows") return paths.join(absolute(env.LOCALAPPDATA, paths) ?? paths.join(home, "AppData", "Local"), "connector", "Cache");
  return paths.join(home, ".cache", "connector");
}
