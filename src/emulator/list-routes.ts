// The lists of instances: `GET /instances` (filtered by `tags[]` and `searchText`, paged by
// `pageSize` and `nextPage` or `page`) and `GET /elements/{key}/instances`. Like the platform, a
// list that finds nothing is a 404 (`emptyListAs200` brings back `200 []`); every page carries
// Elements-Total-Count and Elements-Returned-Count, and `pageTokens: "counter"` a next-page token
// on every page, as the platform documents it.
import { requireElementParam } from "./elements-routes.ts";
import { presentInstance } from "./instance-body.ts";
import { filterInstances, pageOf, readListQuery } from "./paging.ts";
import { HttpFailure, ok } from "./reply.ts";
import type { Reply } from "./reply.ts";
import type { RouteContext } from "./route-types.ts";
import type { EmulatorInstance } from "./types.ts";

/** The platform's words for an empty list; not documented (a 404 of the collection is what counts). */
export const NONE_FOUND_MESSAGE = "No instances found";

function answerList(context: RouteContext, instances: EmulatorInstance[]): Reply {
  const query = readListQuery(context.query, context.options.pageSizeCap);
  const matching = filterInstances(instances, query);
  if (matching.length === 0 && !context.options.emptyListAs200) throw new HttpFailure(404, NONE_FOUND_MESSAGE);
  const { page, nextToken } = pageOf(matching, query, context.options.pageTokens);
  const headers: Record<string, string> = { "Elements-Total-Count": String(matching.length), "Elements-Returned-Count": String(page.length) };
  if (nextToken) headers["Elements-Next-Page-Token"] = nextToken;
  return ok(page.map(presentInstance), headers);
}

/** GET /instances. */
export function listInstances(context: RouteContext): Reply {
  return answerList(context, context.state.list());
}

/** GET /elements/{keyOrId}/instances: the instances of one element. */
export function listElementInstances(context: RouteContext): Reply {
  const element = requireElementParam(context);
  return answerList(
    context,
    context.state.list().filter((instance) => instance.elementKey === element.key),
  );
}
