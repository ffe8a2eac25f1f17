// The existence check before a create: instances of the same element and exact name. When
// several exist (two runs raced), every run picks the same one: the lowest id, the oldest.
import type { PlatformClient, PlatformInstance } from "../api/platform.ts";

type Client = Pick<PlatformClient, "listInstances">;

/** Every platform instance of `elementKey` named exactly `name`, oldest (lowest id) first. */
export async function findSameNamed(client: Client, elementKey: string, name: string): Promise<PlatformInstance[]> {
  const found: PlatformInstance[] = [];
  for await (const instance of client.listInstances({ searchText: name })) {
    if (instance.name === name && instance.element?.key === elementKey) found.push(instance);
  }
  return found.sort((a, b) => a.id - b.id);
}

/** The oldest platform instance of `elementKey` named exactly `name`, if any. */
export async function findExistingInstance(client: Client, elementKey: string, name: string): Promise<PlatformInstance | undefined> {
  return (await findSameNamed(client, elementKey, name))[0];
}
