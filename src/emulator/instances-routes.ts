// `/instances` and `/instances/{id}`: create, read, merge, replace, delete, disable and enable
// instances, validating each configuration against the emulator's own element description.
import { findElementByKey } from "./catalog/index.ts";
import type { EmulatedElement } from "./catalog/index.ts";
import { keepMaskedSecrets, parseJsonObject, presentInstance, readInstanceBody, requireElement } from "./instance-body.ts";
import type { InstanceBody } from "./instance-body.ts";
import { HttpFailure, ok } from "./reply.ts";
import type { Reply } from "./reply.ts";
import type { RouteContext } from "./route-types.ts";
import type { EmulatorInstance } from "./types.ts";
import { userOf } from "./users.ts";
import { validateConfiguration } from "./validate-configuration.ts";

function requireName(body: InstanceBody): string {
  if (body.name === undefined) throw new HttpFailure(400, "Missing name: the body needs a name for the instance.");
  return body.name;
}

/** The instance the path's id names: 400 for a non-numeric id, 404 for an unknown one. */
export function requireInstance(context: RouteContext): EmulatorInstance {
  const raw = context.params[0] ?? "";
  if (!/^\d+$/.test(raw)) throw new HttpFailure(400, `Invalid instance id ${raw}: expected a number.`);
  const instance = context.state.find(Number(raw));
  if (!instance) throw new HttpFailure(404, `No instance found with id ${raw}`);
  return instance;
}

function elementOf(instance: EmulatorInstance, body: InstanceBody): EmulatedElement {
  if (body.elementKey !== undefined && body.elementKey !== instance.elementKey) {
    throw new HttpFailure(400, `The element of instance ${instance.id} is ${instance.elementKey} and cannot change: create another instance instead.`);
  }
  const element = findElementByKey(instance.elementKey);
  if (!element) throw new HttpFailure(400, `No element found with key ${instance.elementKey}`);
  return element;
}

function withoutNulls(configuration: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(configuration).filter(([, value]) => value !== null));
}

/** The tags a new instance keeps: the body's, and its name, which the platform adds to them. */
function tagsWithName(tags: string[], name: string): string[] {
  return tags.includes(name) ? [...tags] : [...tags, name];
}

async function create(context: RouteContext, element: EmulatedElement, body: InstanceBody): Promise<Reply> {
  const name = requireName(body);
  const configuration = validateConfiguration(element, withoutNulls(body.configuration ?? {}));
  const fields = { name, tags: tagsWithName(body.tags ?? [], name), configuration, disabled: body.disabled ?? false };
  const instance = context.state.create(element.key, fields, userOf(context.credentials.user));
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

/** GET /instances/{id}. */
export function getInstance(context: RouteContext): Reply {
  return ok(presentInstance(requireInstance(context)));
}

/**
 * PATCH /instances/{id}: merges name, tags (replaced as a whole), disabled and configuration entries
 * (null removes one). With `ignoreConfigurationPatch` the configuration is left as it is, answered
 * 200 all the same: whether the platform's instance PATCH takes one is not documented.
 */
export async function patchInstance(context: RouteContext): Promise<Reply> {
  const instance = requireInstance(context);
  const body = readInstanceBody(parseJsonObject(context.body));
  const element = elementOf(instance, body);
  const changes = context.options.ignoreConfigurationPatch ? {} : body.configuration;
  const merged = keepMaskedSecrets(element, { ...instance.configuration, ...changes }, instance.configuration);
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

/** PUT /instances/{id}: replaces the instance (tags included: `[]` clears them); its id and token stay. */
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

async function setDisabled(context: RouteContext, disabled: boolean): Promise<Reply> {
  const instance = requireInstance(context);
  context.state.update(instance, { name: instance.name, tags: instance.tags, configuration: instance.configuration, disabled });
  await context.persist();
  return ok(presentInstance(instance));
}

/** DELETE /instances/{id}/enabled: disables the instance; calls through its token then answer 403. */
export const disableInstance = (context: RouteContext): Promise<Reply> => setDisabled(context, true);

/** PUT /instances/{id}/enabled: enables the instance again. */
export const enableInstance = (context: RouteContext): Promise<Reply> => setDisabled(context, false);
