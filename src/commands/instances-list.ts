// `connector instances list`: the profile's stored instances, or the platform's with --remote.
import type { Context } from "../context.ts";
import { openStore } from "../store/index.ts";
import { warnIfUnknownProfile } from "./shared/known-profile.ts";
import type { CommandResult } from "../ui/result.ts";
import { table } from "../ui/table.ts";
import { connectPlatform, requirePlatform } from "../platform/target.ts";

/** One instance of the listing (the library publishes the same shape as its ListedInstance: tests/library.test.ts holds them equal). */
export interface ListedInstance {
  id: number;
  name: string;
  element: string;
  profile: string;
  baseUrl: string;
  createdAt?: string;
  tags: string[];
  stored: boolean;
}

/** Lists instances; tokens are never part of the listing. */
export async function listInstances(options: { remote: boolean; tag?: string }, ctx: Context): Promise<CommandResult> {
  const store = openStore(ctx.configDir);
  await warnIfUnknownProfile(ctx, store);
  const stored = await store.listInstances(ctx.profile);
  let instances: ListedInstance[];
  if (options.remote) {
    const target = await requirePlatform(ctx, store);
    const client = await connectPlatform(ctx, target);
    instances = [];
    try {
      for await (const remote of client.listInstances({ tags: options.tag ? [options.tag] : undefined })) {
        instances.push({
          id: remote.id,
          name: remote.name,
          element: remote.element?.key ?? "",
          profile: ctx.profile,
          baseUrl: target.baseUrl,
          createdAt: remote.createdDate,
          tags: remote.tags ?? [],
          stored: stored.some((s) => s.id === remote.id && s.baseUrl === target.baseUrl),
        });
      }
    } finally {
      await client.close();
    }
  } else {
    instances = stored
      .filter((i) => !options.tag || i.tags.includes(options.tag))
      .map((i) => ({ id: i.id, name: i.name, element: i.element, profile: i.profile, baseUrl: i.baseUrl, createdAt: i.createdAt, tags: i.tags, stored: true }));
  }
  return {
    data: { instances },
    text: (s) => {
      if (instances.length === 0) return s.dim(options.remote ? "No instances on the platform." : `No stored instances in profile "${ctx.profile}". Create one with: connector provision`);
      const rows = instances.map((i) => [String(i.id), i.name, i.element, i.tags.join(","), i.createdAt ?? "", options.remote ? (i.stored ? "yes" : "no") : i.baseUrl]);
      return table(["ID", "NAME", "ELEMENT", "TAGS", "CREATED", options.remote ? "STORED" : "PLATFORM"], rows, s.bold);
    },
  };
}
