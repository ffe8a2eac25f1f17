// `connector instances show`: one stored instance, its tags and templates; never its token.
import type { Context } from "../context.ts";
import { openStore, type InstanceRecord } from "../store/index.ts";
import { warnIfUnknownProfile } from "./shared/known-profile.ts";
import type { CommandResult } from "../ui/result.ts";
import { requireStoredInstance } from "./shared/stored-instance.ts";
import { shellQuote } from "../ui/shell-quote.ts";

/** The stored record without its token. */
export async function showInstance(options: { target: string }, ctx: Context): Promise<CommandResult> {
  const store = openStore(ctx.configDir);
  await warnIfUnknownProfile(ctx, store);
  const record = await requireStoredInstance(store, ctx, options.target);
  const instance = withoutToken(record);
  return {
    data: { instance },
    text: (s) =>
      [
        `${s.bold(record.name)} (id ${record.id})`,
        `  element    ${record.element}`,
        `  profile    ${record.profile}`,
        `  platform   ${record.baseUrl}`,
        `  tags       ${record.tags.length ? record.tags.join(", ") : s.dim("none")}`,
        `  sender     ${record.sender ?? s.dim("unknown")}`,
        `  created    ${record.createdAt}`,
        `  templates  ${record.templates.length ? "" : s.dim("none")}`,
        ...record.templates.map((t) => `    ${t.usageType.padEnd(26)} ${t.content}`),
        `  token      ${s.dim("stored; print it with: connector token " + shellQuote(record.name))}`,
      ].join("\n"),
  };
}

/** A record safe to print: everything but the token. */
export function withoutToken(record: InstanceRecord): Omit<InstanceRecord, "token"> {
  const { token: _token, ...rest } = record;
  return rest;
}
