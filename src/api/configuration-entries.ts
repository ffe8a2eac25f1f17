// An instance's configuration entries one by one, the way churros changes a value: `GET
// /instances/{id}/configuration` lists them, each with its own id, and `PATCH
// /instances/{id}/configuration/{configId}` with `{propertyValue}` changes one.
import { ApiError } from "../errors.ts";

/** One entry of `GET /instances/{id}/configuration` (secret values masked by the platform). */
export interface ConfigurationEntryRow {
  id: number | string;
  key: string;
  propertyValue?: unknown;
}

/** The entries of the answer; an answer of another shape is an api error (exit 5). */
export function readConfigurationRows(value: unknown, where: string): ConfigurationEntryRow[] {
  if (!Array.isArray(value)) throw unreadable(where);
  return value.map((item: unknown) => {
    if (!item || typeof item !== "object") throw unreadable(where);
    const { id, key, propertyValue } = item as Record<string, unknown>;
    if ((typeof id !== "number" && typeof id !== "string") || typeof key !== "string") throw unreadable(where);
    return { id, key, propertyValue };
  });
}

function unreadable(where: string): ApiError {
  return new ApiError(
    "api",
    `The answer to ${where} is not a list of configuration entries {id, key, propertyValue}.`,
    undefined,
    undefined,
    "Check --base-url: it must be the platform's API root, ending in /elements/api-v2.",
  );
}
