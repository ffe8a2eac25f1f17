// The one place that asks which OS this is. Every difference between Windows, macOS and Linux
// lives in src/os/ (how a file is replaced, where state and caches go, what protects them,
// which signals stop a run); the rest of the program calls these modules and never reads
// process.platform itself, so a difference is handled once and can be tested by passing a host.

/** The operating systems connector tells apart; any other Unix behaves as "linux". */
export type HostOs = "windows" | "macos" | "linux";

/** The OS of `platform` (default: this process's). */
export function hostOs(platform: NodeJS.Platform = process.platform): HostOs {
  if (platform === "win32") return "windows";
  if (platform === "darwin") return "macos";
  return "linux";
}

/** Windows, where file modes mean nothing, a file open elsewhere cannot be replaced, and SIGTERM never arrives. */
export function isWindows(platform: NodeJS.Platform = process.platform): boolean {
  return hostOs(platform) === "windows";
}
