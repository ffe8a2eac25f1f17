// The route table of the emulated platform API, below `/elements/api-v2`, and its matcher.
import { getElement, getElementConfiguration } from "./elements-routes.ts";
import { listConfiguration, patchConfiguration } from "./configuration-routes.ts";
import { pingInstance } from "./instance-calls.ts";
import { createElementInstance, createInstance, deleteInstance, disableInstance, enableInstance, getInstance, patchInstance, putInstance } from "./instances-routes.ts";
import { listElementInstances, listInstances } from "./list-routes.ts";
import { getMessage, listMessages, sendMessage } from "./messages-routes.ts";
import type { Handler, Route } from "./route-types.ts";

export const API_ROOT = "/elements/api-v2";

const ROUTES: readonly Route[] = [
  { pattern: /^\/instances$/, methods: { GET: listInstances, POST: createInstance } },
  { pattern: /^\/instances\/([^/]+)$/, methods: { GET: getInstance, PATCH: patchInstance, PUT: putInstance, DELETE: deleteInstance } },
  { pattern: /^\/instances\/([^/]+)\/enabled$/, methods: { PUT: enableInstance, DELETE: disableInstance } },
  { pattern: /^\/instances\/([^/]+)\/configuration$/, methods: { GET: listConfiguration } },
  { pattern: /^\/instances\/([^/]+)\/configuration\/([^/]+)$/, methods: { PATCH: patchConfiguration } },
  { pattern: /^\/elements\/([^/]+)$/, methods: { GET: getElement } },
  { pattern: /^\/elements\/([^/]+)\/configuration$/, methods: { GET: getElementConfiguration } },
  { pattern: /^\/elements\/([^/]+)\/instances$/, methods: { GET: listElementInstances, POST: createElementInstance } },
  { pattern: /^(?:\/hubs\/messaging)?\/messages$/, methods: { GET: listMessages, POST: sendMessage } },
  { pattern: /^(?:\/hubs\/messaging)?\/messages\/([^/]+)$/, methods: { GET: getMessage } },
  { pattern: /^(?:\/hubs\/messaging)?\/ping$/, methods: { GET: pingInstance } },
];

export type RouteMatch = { kind: "found"; handler: Handler; params: string[] } | { kind: "method"; allowed: string[] } | { kind: "none" };

/** The handler for `method` on `path` (below the API root, segments still encoded). */
export function matchRoute(method: string, path: string): RouteMatch {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const handler = route.methods[method];
    if (!handler) return { kind: "method", allowed: Object.keys(route.methods) };
    return { kind: "found", handler, params: match.slice(1).map((segment) => decodeURIComponent(segment ?? "")) };
  }
  return { kind: "none" };
}
