// A request as data: what `--dry-run` prints and what the client then sends. Pure.
import { MASK } from "../secrets.ts";
import { emptyRecord } from "../values.ts";
import { operationTag } from "../api/operation-tag.ts";
import type { ElementDefinition } from "../elements/index.ts";
import type { InstanceBody } from "../api/platform.ts";

export interface RequestPlan {
  method: "POST" | "PATCH";
  url: string;
  headers: Record<string, string>;
  body: InstanceBody;
}

/**
 * The request that creates (POST) or updates (PATCH) an instance, with every secret masked.
 * With `operationId`, the body carries the operation tag the create adds (create-once.ts), so a
 * dry run shows the body that will be sent; the real run makes its own id.
 */
export function planInstanceRequest(baseUrl: string, body: InstanceBody, element: ElementDefinition, version: string, update?: { id: number }, operationId?: string): RequestPlan {
  const configuration = emptyRecord<string>(); // a `__proto__` entry stays an entry
  for (const [key, value] of Object.entries(body.configuration)) {
    configuration[key] = element.entries.find((entry) => entry.key === key)?.secret ? MASK : value;
  }
  return {
    method: update ? "PATCH" : "POST",
    url: `${baseUrl}/instances${update ? `/${update.id}` : ""}`,
    headers: {
      Authorization: `User ${MASK}, Organization ${MASK}`,
      Accept: "application/json",
      "Content-Type": "application/json",
      "User-Agent": `connector/${version}`,
    },
    body: { ...body, tags: operationId === undefined ? body.tags : [...body.tags, operationTag(operationId)], configuration },
  };
}
