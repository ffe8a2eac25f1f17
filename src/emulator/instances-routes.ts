// `/instances` and `/instances/{id}`: create, list (filtered, paged), read, merge, replace
// and delete instances, validating each configuration against its element's definition.
import type { ElementDefinition } from "../elements/index.ts";
import { findElement } from "../elements/index.ts";
import { keepMaskedSecrets, parseJsonObject, presentInstance, readInstanceBody, requireElement } from "./instance-body.ts";
import type { InstanceBody } from "./instance-body.ts";
import { filterInstances, pageOf, readListQuery } from "./paging.ts";
import { HttpFailure, ok } from "./reply.ts";
import type { Reply } from "./reply.ts";
import type { RouteContext } from "./route-types.ts";
import type { EmulatorInstance } from "./types.ts";
import { validateConfiguration } from "./validate-configuration.ts";

function requireName(body: InstanceBody): string {
  if (body.name === undefined) throw new HttpFailure(400, "Missing name: the body needs a name for the instance.");
  return body.name;
}

/** The instance the path's id names: 400 for a non-numeric id, 404 for an unknown one. */
function requireInstance(context: RouteContext): EmulatorInstance {
  const raw = context.params[0] ?? "";
  if (!/^\d+$/.test(raw)) throw new HttpFailure(400, `Invalid instance id ${raw}: expected a number.`);
  const instance = context.state.find(Number(raw));
  if (!instance) throw new HttpFailure(404, `No instance found with id ${raw}`);
  return instance;
}

function elementOf(instance: EmulatorInstance, body: InstanceBody): ElementDefinition {
  if (body.elementKey !== undefined && body.elementKey !== instance.elementKey) {
    throw new HttpFailure(400, `The element of instance ${instance.id} is ${instance.elementKey} and cannot change: create another instance instead.`);
  }
  const element = findElement(instance.elementKey);
  if (!element) throw new HttpFailure(400, `No element found with key ${instance.elementKey}`);
  return element;
}

function withoutNulls(configuration: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(configuration).filter(([, value]) => value !== null));
}

async function create(context: RouteContext, element: ElementDefinition, body: InstanceBody): Promise<Reply> {
  const name = requireName(body);
  const configuration = validateConfiguration(element, withoutNulls(body.configuration ?? {}));
  const instance = context.state.create(element.key, { name, tags: body.tags ?? [], configuration, disabled: body.disabled ?? false });
  await context.persist();
  return ok(presentInstance(instance));
}

/** POST /instances with `{element: {key}, name, tags?, configuration}`. */
export function createInstance(context: RouteContext): Promise<Reply> {
  const body = readInstanceBody(parseJsonObject(context.body));
  return create(context, requireElement(body.elementKey), body);
}

/** POST /elements/{key}/instances: the same, the element named by the path. */
export function createElementInstance(context: RouteContext): Promise<Reply> {
  const body = readInstanceBody(parseJsonObject(context.body));
  return create(context, requireElement(context.params[0] ?? "", 404), body);
}

/** GET /instances: filtered by `tags[]` and `searchText`, paged by `pageSize` and `nextPage`. */
export function listInstances(context: RouteContext): Reply {
  const query = readListQuery(context.query);
  const matching = filterInstances(context.state.list(), query);
  if (matching.length === 0 && context.options.noneFoundAs404) throw new HttpFailure(404, "No instances found");
  const { page, nextToken } = pageOf(matching, query);
  const headers: Record<string, string> = { "Elements-Total-Count": String(matching.length) };
  if (nextToken) headers["Elements-Next-Page-Token"] = nextToken;
  return ok(page.map(presentInstance), headers);
}

/** GET /instances/{id}. */
export function getInstance(context: RouteContext): Reply {
  return ok(presentInstance(requireInstance(context)));
}

/** PATCH /instances/{id}: merges name, tags, disabled and configuration entries (null removes one). */
export async function patchInstance(context: RouteContext): Promise<Reply> {
  const instance = requireInstance(context);
  const body = readInstanceBody(parseJsonObject(context.body));
  const element = elementOf(instance, body);
  const merged = keepMaskedSecrets(element, { ...instance.configuration, ...body.configuration }, instance.configuration);
  const configuration = validateConfiguration(element, withoutNulls(merged));
  context.state.update(instance, {
    name: body.name ?? instance.name,
    tags: body.tags ?? instance.tags,
    configuration,
    disabled: body.disabled ?? instance.disabled,
  });
  await context.persist();
  return ok(presentInstance(instance));
}

/** PUT /instances/{id}: replaces the instance; its id and token stay. */
export async function putInstance(context: RouteContext): Promise<Reply> {
  const instance = requireInstance(context);
  const body = readInstanceBody(parseJsonObject(context.body));
  const element = elementOf(instance, body);
  const name = requireName(body);
  const replaced = keepMaskedSecrets(element, body.configuration ?? {}, instance.configuration);
  const configuration = validateConfiguration(element, withoutNulls(replaced));
  context.state.update(instance, { name, tags: body.tags ?? [], configuration, disabled: body.disabled ?? false });
  await context.persist();
  return ok(presentInstance(instance));
}

/** DELETE /instances/{id}: answers 200 `{}` like the platform. */
export async function deleteInstance(context: RouteContext): Promise<Reply> {
  context.state.remove(requireInstance(context));
  await context.persist();
  return ok({});
}
