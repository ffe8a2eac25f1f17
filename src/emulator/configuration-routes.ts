// An instance's configuration entries one by one, as churros changes them: `GET
// /instances/{id}/configuration` lists `{id, key, name, propertyValue}` (secrets masked) and
// `PATCH /instances/{id}/configuration/{configId}` with `{propertyValue}` changes one value. An
// entry's id is the instance's id times 1000 plus its place (the element's entries first, in
// order, then any other key): stable for as long as the instance keeps its entries.
import { findElementByKey, isSecretEntry } from "./catalog/index.ts";
import { keepMaskedSecrets, MASKED, parseJsonObject } from "./instance-body.ts";
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

/** Every entry the instance holds, in a stable order, with its id. */
function rowsOf(instance: EmulatorInstance): ConfigurationRow[] {
  const element = findElementByKey(instance.elementKey);
  const known = element?.configuration.map((entry) => entry.key) ?? [];
  const keys = [...known.filter((key) => key in instance.configuration), ...Object.keys(instance.configuration).filter((key) => !known.includes(key))];
  const place = (key: string) => (known.includes(key) ? known.indexOf(key) : known.length + Object.keys(instance.configuration).indexOf(key));
  return keys.map((key) => {
    const value = instance.configuration[key];
    return {
      id: instance.id * 1000 + place(key) + 1,
      key,
      name: element?.configuration.find((entry) => entry.key === key)?.name ?? key,
      propertyValue: isSecretEntry(element, key) && value !== null ? MASKED : value,
    };
  });
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
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean" && value !== null) throw new HttpFailure(400, "propertyValue must be a string, a number, true, false or null.");
  const element = findElementByKey(instance.elementKey);
  const next = { ...instance.configuration, [row.key]: value };
  const merged = element ? keepMaskedSecrets(element, next, instance.configuration) : next;
  const configuration = element ? validateConfiguration(element, merged) : merged;
  context.state.update(instance, { name: instance.name, tags: instance.tags, configuration, disabled: instance.disabled });
  await context.persist();
  return ok(rowsOf(instance).find((candidate) => candidate.key === row.key) ?? { ...row, propertyValue: null });
}
