// The message of a provision refused before anything was sent, for one file (src/commands/) and
// for each item of a batch (src/batch/): the same words wherever an instance cannot be built,
// so scripts and docs can rely on them.
import { plural } from "../ui/plural.ts";

/**
 * "Cannot provision[ <source>]: N missing or invalid entries[ and M missing platform secrets];
 * nothing was sent." A count of zero is left out; `source` names a batch's file or line.
 */
export function cannotProvisionMessage(counts: { entries: number; secrets?: number; source?: string }): string {
  const counted = [
    counts.entries > 0 ? plural(counts.entries, "missing or invalid entry", "missing or invalid entries") : undefined,
    counts.secrets ? plural(counts.secrets, "missing platform secret") : undefined,
  ];
  return `Cannot provision${counts.source === undefined ? "" : ` ${counts.source}`}: ${counted.filter(Boolean).join(" and ")}; nothing was sent.`;
}
