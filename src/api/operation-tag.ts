// The operation marker that makes provisioning exactly-once: every POST /instances carries a
// tag `connector-op:<uuid>` unique to that provisioning. The platform keeps tags and filters
// GET /instances by them, so after an answer is lost the CLI can ask "did my create happen?".
// The marker is the CLI's bookkeeping, not the user's: instances read from the platform carry
// it as `operationId`, never among their `tags`, so no output shows it as a tag.
import { randomUUID } from "../random.ts";

export const OPERATION_TAG_PREFIX = "connector-op:";

/** A fresh operation id (a UUID) for one provisioning. */
export function createOperationId(): string {
  return randomUUID();
}

/** The tag that marks the instances created by operation `operationId`. */
export function operationTag(operationId: string): string {
  return `${OPERATION_TAG_PREFIX}${operationId}`;
}

/** The user's tags and the operation id (the first marker) found among `tags`. */
export function splitOperationTags(tags: readonly unknown[]): { tags: string[]; operationId?: string } {
  const user: string[] = [];
  let operationId: string | undefined;
  for (const tag of tags) {
    if (typeof tag !== "string") continue;
    if (tag.startsWith(OPERATION_TAG_PREFIX)) operationId ??= tag.slice(OPERATION_TAG_PREFIX.length);
    else user.push(tag);
  }
  return operationId === undefined ? { tags: user } : { tags: user, operationId };
}
