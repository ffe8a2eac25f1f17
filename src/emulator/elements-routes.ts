// `GET /elements/{keyOrId}` and its `/configuration`: the element definitions of
// src/elements, described the way the platform describes its elements.
import { describeConfiguration, describeElement, findElementByKeyOrId } from "./element-catalog.ts";
import type { ElementDefinition } from "../elements/index.ts";
import { HttpFailure, ok } from "./reply.ts";
import type { Reply } from "./reply.ts";
import type { RouteContext } from "./route-types.ts";

function requireElementParam(context: RouteContext): ElementDefinition {
  const keyOrId = context.params[0] ?? "";
  const element = findElementByKeyOrId(keyOrId);
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
