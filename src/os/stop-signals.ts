// The signals that stop a run (a provision is interrupted with its guarantees kept, the emulator
// shuts down), by OS. Windows never delivers SIGTERM; it delivers Ctrl-C as SIGINT and
// Ctrl-Break as SIGBREAK. Elsewhere Ctrl-C is SIGINT and a service manager or `kill` sends SIGTERM.
import { hostOs, type HostOs } from "./host.ts";

/** The signals `osName` stops a run with. */
export function stopSignals(osName: HostOs = hostOs()): NodeJS.Signals[] {
  return osName === "windows" ? ["SIGINT", "SIGBREAK"] : ["SIGINT", "SIGTERM"];
}

/** How a stop by `signal` is told to the user. */
export function describeStop(signal: NodeJS.Signals): string {
  if (signal === "SIGINT") return "Interrupted (Ctrl-C).";
  if (signal === "SIGBREAK") return "Interrupted (Ctrl-Break).";
  return `Stopped by ${signal}.`;
}
