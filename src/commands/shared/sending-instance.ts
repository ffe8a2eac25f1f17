// Which instance `send` goes through: --instance, else the profile's only stored instance,
// else CONNECTOR_INSTANCE_TOKEN (CI, nothing stored).
import type { Context } from "../../context.ts";
import { ConfigError, UsageError } from "../../errors.ts";
import { registerSecret } from "../../secrets.ts";
import type { Store, StoredTemplate } from "../../store/index.ts";
import { requireStoredInstance } from "./stored-instance.ts";

export interface SendingInstance {
  label: string;
  token: string;
  element?: string;
  baseUrl?: string;
  sender?: string;
  templates: StoredTemplate[];
}

/** Picks the instance to send through, or explains what to pass. */
export async function chooseSendingInstance(store: Store, ctx: Context, target: string | undefined): Promise<SendingInstance> {
  if (target !== undefined) return fromRecord(await requireStoredInstance(store, ctx, target));
  const stored = await store.listInstances(ctx.profile);
  const [only] = stored;
  if (stored.length === 1 && only) return fromRecord(only);
  if (stored.length > 1) {
    throw new UsageError(
      `Profile "${ctx.profile}" has ${stored.length} stored instances; say which one to send through.`,
      `Pass --instance with one of: ${stored.map((i) => `${i.name} (id ${i.id})`).join(", ")}.`,
    );
  }
  const token = registerSecret(ctx.env.CONNECTOR_INSTANCE_TOKEN);
  if (token) return { label: "the instance of CONNECTOR_INSTANCE_TOKEN", token, templates: [] };
  throw new ConfigError(`No stored instance in profile "${ctx.profile}" and CONNECTOR_INSTANCE_TOKEN is not set.`, [
    {
      key: "instance",
      problem: "missing",
      message: "Missing an instance to send through: run connector provision first, or set CONNECTOR_INSTANCE_TOKEN.",
      flag: "--instance",
      env: "CONNECTOR_INSTANCE_TOKEN",
    },
  ]);
}

function fromRecord(record: { name: string; id: number; token: string; element: string; baseUrl: string; sender?: string; templates: StoredTemplate[] }): SendingInstance {
  return { label: `${record.name} (id ${record.id})`, token: registerSecret(record.token), element: record.element, baseUrl: record.baseUrl, sender: record.sender, templates: record.templates };
}
