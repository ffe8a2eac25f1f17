// `GET /elements/{keyOrId}` and its `/configuration`: the emulator's own description of each
// element (src/emulator/catalog), in the platform's shape.
import { describeConfiguration, describeElement, findCatalogElement } from "./catalog/index.ts";
import type { EmulatedElement } from "./catalog/index.ts";
import { HttpFailure, ok } from "./reply.ts";
import type { Reply } from "./reply.ts";
import type { RouteContext } from "./route-types.ts";

/** The element the path names by key or id; 404 otherwise. */
export function requireElementParam(context: RouteContext): EmulatedElement {
  const keyOrId = context.params[0] ?? "";
  const element = findCatalogElement(keyOrId);
  if (!element) throw new HttpFailure(404, `No element found with key ${keyOrId}`);
  return element;
}

/** GET /elements/{keyOrId}. */
export function getElement(context: RouteContext): Reply {
  return ok(describeElement(requireElementParam(context)));
}

/** GET /elements/{keyOrId}/configuration: the platform's word on required entries. */
export function getElementConfiguration(context: RouteContext): Reply {
  return ok(describeConfiguration(requireElementParam(context)));
}
