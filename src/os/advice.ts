// Commands connector advises in its messages, in the shell of the OS: POSIX sh on Linux and
// macOS, PowerShell on Windows (where `rm -r`, `chmod` and `NAME=value command` do not work).
// Advice about modes is decided in file-protection.ts: on Windows none is given.
import { hostOs, type HostOs } from "./host.ts";

/** A PowerShell string literal: single quotes, a quote inside doubled. */
function powershellQuote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The command that removes `target` (a file or a folder, with what is in it). */
export function removeCommand(target: string, osName: HostOs = hostOs()): string {
  return osName === "windows" ? `Remove-Item -Recurse -Force ${powershellQuote(target)}` : `rm -r ${target}`;
}

/** `command` run with the variables `variables` set, as one line to copy. */
export function withEnvironment(variables: [name: string, value: string][], command: string, osName: HostOs = hostOs()): string {
  if (osName === "windows") return [...variables.map(([name, value]) => `$env:${name} = ${powershellQuote(value)};`), command].join(" ");
  return [...variables.map(([name, value]) => `${name}=${value}`), command].join(" ");
}
