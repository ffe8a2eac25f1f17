// The existence check before a create: an instance of the same element and exact name.
import type { PlatformClient, PlatformInstance } from "../api/platform.ts";

type Client = Pick<PlatformClient, "listInstances">;

/** The first platform instance of `elementKey` named exactly `name`, if any. */
export async function findExistingInstance(client: Client, elementKey: string, name: string): Promise<PlatformInstance | undefined> {
  for await (const instance of client.listInstances({ searchText: name })) {
    if (instance.name === name && instance.element?.key === elementKey) return instance;
  }
  return undefined;
}
