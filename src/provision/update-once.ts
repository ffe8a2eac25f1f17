// PATCH /instances/{id} for --if-exists update. Sending the same changes twice leaves the
// instance as sending them once, so a PATCH without a clear answer (even a timeout, which
// the HTTP client never retries by itself) is sent again, up to `attempts` times.
import type { InstanceBody, PlatformClient, PlatformInstance } from "../api/platform.ts";
import { operationTag } from "../api/operation-tag.ts";
import { sleep, type OnAbort } from "../api/retry.ts";
import { confirmConfiguration } from "./confirm-configuration.ts";
import { checkDelayMs, isOutcomeUnknown } from "./outcome.ts";

/**
 * Updates `existing` with `body`. A PATCH of `tags` replaces every tag, so the ones that are not the
 * user's are sent again: the operation marker (its origin stays known) and the name the platform
 * added, once. The answer is then checked for the configuration sent (confirm-configuration.ts).
 */
export async function updateIdempotently(
  client: Pick<PlatformClient, "updateInstance" | "getInstance" | "getInstanceConfiguration" | "updateConfigurationEntry">,
  existing: PlatformInstance,
  body: InstanceBody,
  options: { attempts: number; isSecret: (key: string) => boolean; note?: (line: string) => void; signal?: AbortSignal; onAbort?: OnAbort },
): Promise<PlatformInstance> {
  const answer = await patchIdempotently(client, existing, body, options);
  return confirmConfiguration(client, answer, body.configuration ?? {}, options);
}

async function patchIdempotently(
  client: Pick<PlatformClient, "updateInstance">,
  existing: PlatformInstance,
  body: InstanceBody,
  options: { attempts: number; note?: (line: string) => void; signal?: AbortSignal; onAbort?: OnAbort },
): Promise<PlatformInstance> {
  const nameTag = existing.nameTagged && existing.name && !body.tags.includes(existing.name) ? [existing.name] : [];
  const tags = [...body.tags, ...nameTag, ...(existing.operationId ? [operationTag(existing.operationId)] : [])];
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.updateInstance(existing.id, { ...body, tags });
    } catch (error) {
      if (!isOutcomeUnknown(error) || attempt >= options.attempts) throw error;
      options.note?.(`No clear answer to updating instance ${existing.id} (${error instanceof Error ? error.message : String(error)}); sending the same update again.`);
      await sleep(checkDelayMs(attempt - 1), options.signal, options.onAbort);
    }
  }
}
