// Calls made through an instance (`Authorization: ..., Element <token>`): the token names the
// instance; an unknown (or deleted) one is a 401, a disabled one a 403. Every answer about a known
// instance carries its id in `elements-element-instance-id`, as the platform's do.
import { findElementByKey } from "./catalog/index.ts";
import { HttpFailure, INVALID_AUTH_MESSAGE, ok } from "./reply.ts";
import type { Reply } from "./reply.ts";
import type { RouteContext } from "./route-types.ts";
import type { EmulatorInstance } from "./types.ts";

const INSTANCE_ID_HEADER = "elements-element-instance-id";

/** Runs `handler` for the instance the Element token names, its id on the answer, success or failure. */
export async function throughInstance(context: RouteContext, handler: (instance: EmulatorInstance) => Reply | Promise<Reply>): Promise<Reply> {
  const token = context.credentials.element;
  const instance = token ? context.state.findByToken(token) : undefined;
  if (!instance) throw new HttpFailure(401, INVALID_AUTH_MESSAGE);
  const header = { [INSTANCE_ID_HEADER]: String(instance.id) };
  try {
    if (instance.disabled) throw new HttpFailure(403, `Instance ${instance.id} is disabled`);
    const reply = await handler(instance);
    return { ...reply, headers: { ...reply.headers, ...header } };
  } catch (error) {
    if (error instanceof HttpFailure) throw new HttpFailure(error.status, error.message, error.extra, { ...error.headers, ...header });
    throw error;
  }
}

/** GET /hubs/messaging/ping (and /ping): the instance answers `{endpoint, valid: true}`. */
export function pingInstance(context: RouteContext): Promise<Reply> {
  return throughInstance(context, (instance) => ok({ endpoint: findElementByKey(instance.elementKey)?.key ?? instance.elementKey, valid: true }));
}
