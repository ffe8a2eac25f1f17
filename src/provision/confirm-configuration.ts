// After PATCH /instances/{id}: did the configuration take? Whether the platform's instance PATCH
// applies `configuration` is not documented (churros only ever changes values through
// /instances/{id}/configuration/{configId}), and an ignored one still answers 200. So every
// changed value that is not secret is compared with the answer; where one did not take, each
// value sent is set again entry by entry, the instance read back, and what still differs is an
// error (exit 5) naming the entries. A secret cannot be compared (the platform masks it): one sent
// beside a value that did not take is set entry by entry too, since the PATCH dropped it as well.
import { ApiError, CliError } from "../errors.ts";
import type { PlatformClient, PlatformInstance } from "../api/platform.ts";

type Client = Pick<PlatformClient, "getInstance" | "getInstanceConfiguration" | "updateConfigurationEntry">;

const MASK = "********";

export interface ConfirmOptions {
  /** True for an entry whose value the platform masks. */
  isSecret: (key: string) => boolean;
  note?: (line: string) => void;
}

/** The non-secret keys of `sent` whose value `instance` does not hold. */
export function entriesNotTaken(sent: Record<string, string>, instance: PlatformInstance, isSecret: (key: string) => boolean): string[] {
  const now = instance.configuration ?? {};
  return Object.keys(sent).filter((key) => !isSecret(key) && now[key] !== MASK && !sameValue(now[key], sent[key]));
}

function sameValue(now: unknown, sent: string | undefined): boolean {
  if (now === undefined || now === null) return sent === "" || sent === undefined;
  return (typeof now === "string" || typeof now === "number" || typeof now === "boolean") && String(now) === sent;
}

/** The instance with `sent` applied: `answer` when it already shows every value, else after the per-entry fallback. */
export async function confirmConfiguration(client: Client, answer: PlatformInstance, sent: Record<string, string>, options: ConfirmOptions): Promise<PlatformInstance> {
  if (Object.keys(sent).length === 0) return answer;
  const shown = answer.configuration ? answer : await client.getInstance(answer.id);
  const missed = entriesNotTaken(sent, shown, options.isSecret);
  if (missed.length === 0) return shown;
  options.note?.(`The platform did not apply ${missed.join(", ")} through PATCH /instances/${answer.id}; setting each entry through /instances/${answer.id}/configuration.`);
  const again = Object.keys(sent).filter((key) => missed.includes(key) || options.isSecret(key));
  let rows;
  try {
    rows = await client.getInstanceConfiguration(answer.id);
    for (const key of again) {
      const row = rows.find((candidate) => candidate.key === key);
      if (row) await client.updateConfigurationEntry(answer.id, row.id, sent[key] ?? "");
    }
  } catch (error) {
    if (!(error instanceof CliError) || error.code === "network" || error.code === "timeout" || error.code === "interrupted") throw error;
    throw notChanged(answer.id, missed, `its configuration entries could not be set one by one either (${error.message})`);
  }
  const after = await client.getInstance(answer.id);
  const still = entriesNotTaken(sent, after, options.isSecret);
  const absent = again.filter((key) => !rows.some((row) => row.key === key) && !still.includes(key) && options.isSecret(key));
  if (still.length > 0 || absent.length > 0) throw notChanged(answer.id, [...still, ...absent], "neither PATCH /instances/{id} nor its configuration entries changed them");
  return after;
}

function notChanged(id: number, keys: string[], why: string): ApiError {
  return new ApiError(
    "api",
    `The platform did not change ${keys.join(", ")} of instance ${id}: ${why}. The other changes were applied.`,
    undefined,
    undefined,
    "The instance keeps its old values for these entries: set them in the platform's console, and report the platform's behaviour to its support.",
  );
}
