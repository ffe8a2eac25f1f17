// An instance's configuration entries one by one, as churros changes them: `GET
// /instances/{id}/configuration` lists `{id, key, name, propertyValue}` (secrets masked) and
// `PATCH /instances/{id}/configuration/{configId}` with `{propertyValue}` changes one value. An
// entry's id is the instance's id times 1000 plus its place (the element's entries first, in
// order, unset ones included, then any other key it holds): stable while it keeps its entries.
import { findElementByKey } from "./catalog/index.ts";
import { keepMaskedSecrets, parseJsonObject, presentConfiguration } from "./instance-body.ts";
import { requireInstance } from "./instances-routes.ts";
import { HttpFailure, ok } from "./reply.ts";
import type { Reply } from "./reply.ts";
import type { RouteContext } from "./route-types.ts";
import type { EmulatorInstance } from "./types.ts";
import { validateConfiguration } from "./validate-configuration.ts";

interface ConfigurationRow {
  id: number;
  key: string;
  name: string;
  propertyValue: unknown;
}

/** Every entry the instance answers (the element's, then any other key it holds), in a stable order, with its id. */
function rowsOf(instance: EmulatorInstance): ConfigurationRow[] {
  const element = findElementByKey(instance.elementKey);
  const known = element?.configuration.map((entry) => entry.key) ?? [];
  const others = Object.keys(instance.configuration).filter((key) => !known.includes(key));
  const shown = presentConfiguration(instance);
  return [...known, ...others].map((key, place) => ({
    id: instance.id * 1000 + place + 1,
    key,
    name: element?.configuration.find((entry) => entry.key === key)?.name ?? key,
    propertyValue: shown[key] ?? null,
  }));
}

/** GET /instances/{id}/configuration. */
export function listConfiguration(context: RouteContext): Reply {
  return ok(rowsOf(requireInstance(context)));
}

/** PATCH /instances/{id}/configuration/{configId} with `{propertyValue}`: the one entry, changed and checked. */
export async function patchConfiguration(context: RouteContext): Promise<Reply> {
  const instance = requireInstance(context);
  const raw = context.params[1] ?? "";
  const row = /^\d+$/.test(raw) ? rowsOf(instance).find((candidate) => candidate.id === Number(raw)) : undefined;
  if (!row) throw new HttpFailure(404, `No configuration found with id ${raw} for instance ${instance.id}`);
  const body = parseJsonObject(context.body);
  const value = body.propertyValue;
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean" && value !== null)
    throw new HttpFailure(400, "propertyValue must be a string, a number, true, false or null.");
  const element = findElementByKey(instance.elementKey);
  const next = { ...instance.configuration, [row.key]: value };
  const merged = element ? keepMaskedSecrets(element, next, instance.configuration) : next;
  const configuration = element ? validateConfiguration(element, merged) : merged;
  context.state.update(instance, { name: instance.name, tags: instance.tags, configuration, disabled: instance.disabled });
  await context.persist();
  return ok(rowsOf(instance).find((candidate) => candidate.key === row.key) ?? { ...row, propertyValue: null });
}
