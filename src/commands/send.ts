// `connector send`: one SMS through a stored instance (or CONNECTOR_INSTANCE_TOKEN in CI),
// with a literal message or one of the instance's templates.
import type { Context } from "../context.ts";
import { ConfigError, UsageError, withDetails } from "../errors.ts";
import { findElement, DEFAULT_ELEMENT } from "../elements/index.ts";
import { registerSecret } from "../secrets.ts";
import { openStore } from "../store/index.ts";
import { warnIfUnknownProfile } from "./shared/known-profile.ts";
import { USAGE_TYPES, generateCode, pickTemplate, renderTemplate } from "../instance/templates.ts";
import { suggestClosest } from "../instance/suggest.ts";
import type { CommandResult } from "../ui/result.ts";
import { connectPlatform, platformOfInstance, requirePlatform } from "../platform/target.ts";
import { checkRecipient, planMessageBody } from "../platform/message-plan.ts";
import type { Style } from "../ui/style.ts";
import { waitThroughInstance } from "../twilio/delivery.ts";
import { readStatus } from "../twilio/message-status.ts";
import { deliveryFields, deliveryTimeoutError, describeStatuses, notDeliveredError, readWaitTimeout, unconfirmedNote } from "../twilio/delivery-report.ts";
import { chooseSendingInstance } from "./shared/sending-instance.ts";

export interface SendOptions {
  to: string;
  message?: string;
  template?: string;
  code?: string;
  instance?: string;
  from?: string;
  /** Wait for Twilio's final status of the message (`--wait`). */
  wait?: boolean;
  /** `--wait-timeout`, in seconds. */
  waitTimeout?: string;
}

/** Sends the message and reports Twilio's SID and status (and the code when we made it); with --wait, its final status. */
export async function send(options: SendOptions, ctx: Context): Promise<CommandResult> {
  const to = checkRecipient(options.to, ctx.words);
  const say = ctx.words.option;
  if ((options.message === undefined) === (options.template === undefined))
    throw new UsageError(`Give either ${say("message", "<text>")} or ${say("template", "<usageType>")}.`, `For example: ${ctx.words.example("send")}`);
  if (options.message !== undefined && options.message.trim() === "") throw new UsageError(`${say("message")} is empty.`);
  if (options.code !== undefined && options.template === undefined) throw new UsageError(`${say("code")} goes with ${say("template")}.`);
  if (options.code !== undefined && !/^\d{1,12}$/.test(options.code)) throw new UsageError(`${say("code", options.code)} is not a number of 1 to 12 digits.`);
  if (options.template !== undefined && !USAGE_TYPES.includes(options.template)) {
    const closest = suggestClosest(options.template, USAGE_TYPES);
    throw new UsageError(`${say("template", options.template)} is not a usage type.`, `${closest ? `Did you mean ${say("template", closest)}? ` : ""}Usage types: ${USAGE_TYPES.join(", ")}.`);
  }
  const waitTimeoutMs = readWaitTimeout(options.wait === true, options.waitTimeout);
  const store = openStore(ctx.configDir);
  await warnIfUnknownProfile(ctx, store);
  const sending = await chooseSendingInstance(store, ctx, options.instance);
  const element = findElement(sending.element ?? DEFAULT_ELEMENT);
  if (!element) throw new ConfigError(`The stored instance uses element ${sending.element}, which this version of connector does not know.`);
  let text = options.message ?? "";
  let code: string | undefined;
  let used: string | undefined;
  if (options.template !== undefined) {
    const template = pickTemplate(sending.templates, options.template);
    if (!template) {
      throw new ConfigError(
        `${sending.label} has no ${options.template} template and no Generic one.`,
        [],
        `Add templates to the instance and run ${ctx.words.command("provision")} with ${ctx.words.option("if-exists", "update")}, or send a literal text with ${ctx.words.option("message")}.`,
      );
    }
    code = options.code ?? generateCode();
    text = renderTemplate(template, code);
    used = template.usageType;
  }
  const baseUrl = sending.baseUrl === undefined ? undefined : platformOfInstance(ctx, sending.baseUrl, sending.label);
  const fellBack = used !== undefined && used !== options.template;
  const platform = await requirePlatform(ctx, store);
  const client = await connectPlatform(ctx, { ...platform, baseUrl: baseUrl ?? platform.baseUrl });
  try {
    const body = planMessageBody(element, to, text, options.from ?? sending.sender);
    const token = registerSecret(sending.token);
    const answered = await client.sendMessage(token, element.send.path, body);
    // The status is printed and waited on: one that is not a string is unreadable (exit 5), not a crash.
    const message = { ...answered, status: readStatus(answered, `POST ${element.send.path}`) };
    const generated = options.template !== undefined && options.code === undefined;
    const sent = {
      sid: message.sid,
      status: message.status,
      to: typeof message.to === "string" && message.to ? message.to : to,
      instance: sending.label,
      ...(used ? { template: used } : {}),
      ...(generated ? { code } : {}),
    };
    const fallback = fellBack ? [`${sending.label} has no ${options.template} template: used its Generic one.`] : [];
    const codeText = (s: Style) => `${used ? ` with the ${used} template` : ""}${generated ? `; code ${s.bold(code ?? "")}` : ""}`;
    if (waitTimeoutMs === undefined) {
      return { data: sent, warnings: fallback, text: (s) => `${s.green("✔")} Sent ${s.bold(message.sid)} (${message.status}) to ${sent.to} through ${sending.label}${codeText(s)}.` };
    }
    // The reads get a client of their own, bound to the wait's deadline and retrying nothing itself.
    const connect = (signal: AbortSignal) => connectPlatform({ ...ctx, retries: 0, signal }, { ...platform, baseUrl: baseUrl ?? platform.baseUrl });
    const delivery = await waitThroughInstance(message, { client, connect, token, messagePath: element.send.messagePath, timeoutMs: waitTimeoutMs, signal: ctx.signal, progress: ctx.progress });
    // A failure still says where the message went and, when we made it, its code.
    const context = { to: sent.to, ...(generated ? { code } : {}) };
    if (delivery.outcome === "not_delivered") throw withDetails(notDeliveredError(delivery), context);
    if (delivery.outcome === "timeout") throw withDetails(deliveryTimeoutError(delivery, message.sid, waitTimeoutMs), context);
    const data = { ...sent, ...deliveryFields(delivery) };
    const seen = `${describeStatuses(delivery.statuses)}, ${(delivery.waitedMs / 1000).toFixed(1)} s`;
    if (delivery.outcome === "unconfirmed") {
      return {
        data,
        warnings: [...fallback, unconfirmedNote(delivery, message.sid)],
        text: (s) => `${s.green("✔")} Sent ${s.bold(message.sid)} (${delivery.status}) to ${sent.to} through ${sending.label}${codeText(s)}; delivery not confirmed.`,
      };
    }
    return { data, warnings: fallback, text: (s) => `${s.green("✔")} Delivered ${s.bold(message.sid)} to ${sent.to} through ${sending.label} (${seen})${codeText(s)}.` };
  } finally {
    await client.close();
  }
}
