// `connector send`: one SMS through a stored instance (or CONNECTOR_INSTANCE_TOKEN in CI),
// with a literal message or one of the instance's templates.
import type { Context } from "../context.ts";
import { ConfigError, UsageError } from "../errors.ts";
import { findElement, DEFAULT_ELEMENT } from "../elements/index.ts";
import { registerSecret } from "../secrets.ts";
import { openStore } from "../store/index.ts";
import { USAGE_TYPES, generateCode, pickTemplate, renderTemplate } from "../instance/templates.ts";
import { suggestClosest } from "../instance/suggest.ts";
import type { CommandResult } from "../ui/result.ts";
import { connectPlatform, requirePlatform } from "../platform/target.ts";
import { checkRecipient, planMessageBody } from "../platform/message-plan.ts";
import { chooseSendingInstance } from "./shared/sending-instance.ts";

export interface SendOptions {
  to: string;
  message?: string;
  template?: string;
  code?: string;
  instance?: string;
  from?: string;
}

/** Sends the message and reports Twilio's SID and status (and the code when we made it). */
export async function send(options: SendOptions, ctx: Context): Promise<CommandResult> {
  const to = checkRecipient(options.to);
  if ((options.message === undefined) === (options.template === undefined)) throw new UsageError("Give either --message <text> or --template <usageType>.", "For example: connector send --to +15551234567 --template SignIn");
  if (options.message !== undefined && options.message.trim() === "") throw new UsageError("--message is empty.");
  if (options.code !== undefined && options.template === undefined) throw new UsageError("--code goes with --template.");
  if (options.code !== undefined && !/^\d{1,12}$/.test(options.code)) throw new UsageError(`--code ${options.code} is not a number of 1 to 12 digits.`);
  if (options.template !== undefined && !USAGE_TYPES.includes(options.template)) {
    const closest = suggestClosest(options.template, USAGE_TYPES);
    throw new UsageError(`--template ${options.template} is not a usage type.`, `${closest ? `Did you mean --template ${closest}? ` : ""}Usage types: ${USAGE_TYPES.join(", ")}.`);
  }
  const store = openStore(ctx.configDir);
  const sending = await chooseSendingInstance(store, ctx, options.instance);
  const element = findElement(sending.element ?? DEFAULT_ELEMENT);
  if (!element) throw new ConfigError(`The stored instance uses element ${sending.element}, which this version of connector does not know.`);
  let text = options.message ?? "";
  let code: string | undefined;
  if (options.template !== undefined) {
    const template = pickTemplate(sending.templates, options.template);
    if (!template) {
      throw new ConfigError(`${sending.label} has no ${options.template} template and no Generic one.`, [], "Add templates to instance.json and run connector provision --if-exists update, or send a literal text with --message.");
    }
    code = options.code ?? generateCode();
    text = renderTemplate(template, code);
  }
  const platform = await requirePlatform(ctx, store);
  const client = await connectPlatform(ctx, { ...platform, baseUrl: sending.baseUrl ?? platform.baseUrl });
  try {
    const body = planMessageBody(element, to, text, options.from ?? sending.sender);
    const message = await client.sendMessage(registerSecret(sending.token), element.send.path, body);
    const generated = options.template !== undefined && options.code === undefined;
    return {
      data: { sid: message.sid, status: message.status, to: message.to ?? to, instance: sending.label, ...(generated ? { code } : {}) },
      text: (s) => `${s.green("✔")} Sent ${s.bold(message.sid)} (${message.status}) to ${message.to ?? to} through ${sending.label}${generated ? `; code ${s.bold(code ?? "")}` : ""}.`,
    };
  } finally {
    await client.close();
  }
}
