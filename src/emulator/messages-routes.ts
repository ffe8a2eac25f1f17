// `POST/GET /messages` and `GET /messages/{sid}` (also under `/hubs/messaging/`): sending an SMS
// through an instance, named by the `Element <token>` part of the Authorization header, and
// reading it back at its current status (src/emulator/delivery.ts), answered like Twilio.
import { findElementByKey } from "./catalog/index.ts";
import { MESSAGING_SERVICE_SID } from "./catalog/rules.ts";
import { throughInstance } from "./instance-calls.ts";
import { HttpFailure, ok } from "./reply.ts";
import type { Reply } from "./reply.ts";
import type { RouteContext } from "./route-types.ts";
import { checkMessageFields, countSegments, createMessageSid, formatRfc2822, relayRefusal } from "./twilio-fake.ts";
import type { EmulatorInstance, EmulatorMessage, TwilioMessage } from "./types.ts";
import { DEFAULT_DELIVERY_MS, acceptedMessage, fateOf, messageAt } from "./delivery.ts";

/** The body's fields as strings: JSON, or form-encoded as Twilio itself takes them. */
function readFields(context: RouteContext): Record<string, unknown> {
  if (context.contentType.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(context.body));
  if (context.body.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(context.body);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new HttpFailure(400, 'The request body must be a JSON object such as {"To": "+15005550006", "Body": "Hello", "From": "+15005550006"}.');
}

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  return typeof value === "number" ? String(value) : undefined;
}

/** The message as Twilio answers it now, at its current status. */
function current(context: RouteContext, message: EmulatorMessage): TwilioMessage {
  return messageAt(message, Date.now(), context.options.deliveryMs ?? DEFAULT_DELIVERY_MS);
}

/** Sends (pretends to send) one SMS and answers with Twilio's message resource. */
export function sendMessage(context: RouteContext): Promise<Reply> {
  return throughInstance(context, (instance) => send(context, instance));
}

function send(context: RouteContext, instance: EmulatorInstance): Reply {
  const entries = findElementByKey(instance.elementKey)?.messages;
  const body = readFields(context);
  const fields = { to: text(body.To), from: text(body.From), messagingServiceSid: text(body.MessagingServiceSid), body: text(body.Body) };
  // Like the platform, a message without a sender goes out from the instance's configured one.
  const configured = entries?.senderEntry ? text(instance.configuration[entries.senderEntry]) : undefined;
  if (!fields.from && !fields.messagingServiceSid && configured) {
    if (MESSAGING_SERVICE_SID.test(configured)) fields.messagingServiceSid = configured;
    else fields.from = configured;
  }
  const refusal = checkMessageFields(fields);
  if (refusal) throw relayRefusal(refusal);
  const sendAtMs = scheduledSendAt(body);
  const accountSid = (entries ? text(instance.configuration[entries.accountEntry]) : undefined) ?? null;
  const sid = createMessageSid();
  const createdMs = Date.now();
  const now = formatRfc2822(new Date(createdMs));
  const uri = `/2010-04-01/Accounts/${accountSid ?? "-"}/Messages/${sid}`;
  const message: EmulatorMessage = {
    instanceId: instance.id,
    createdMs,
    fate: fateOf(fields.to ?? ""),
    ...(sendAtMs === undefined ? {} : { sendAtMs }),
    sid,
    account_sid: accountSid,
    api_version: "2010-04-01",
    // Twilio's first status follows the sender type: a scheduled send, a Messaging Service, or a From.
    status: sendAtMs !== undefined ? "scheduled" : fields.messagingServiceSid ? "accepted" : "queued",
    to: fields.to ?? "",
    from: fields.messagingServiceSid ? null : (fields.from ?? null),
    messaging_service_sid: fields.messagingServiceSid ?? null,
    body: fields.body ?? "",
    num_segments: String(countSegments(fields.body ?? "")),
    num_media: "0",
    direction: "outbound-api",
    date_created: now,
    date_updated: now,
    date_sent: null,
    price: null,
    price_unit: "USD",
    error_code: null,
    error_message: null,
    uri: `${uri}.json`,
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
  };
  context.state.addMessage(message);
  return ok(acceptedMessage(message));
}

/**
 * `SendAt` of a scheduled send (`ScheduleType=fixed`), in ms; undefined for a message sent now.
 * Twilio takes SendAt 15 minutes to 35 days ahead; the emulator takes any date, so a test can
 * schedule a message a second ahead.
 */
function scheduledSendAt(body: Record<string, unknown>): number | undefined {
  if (text(body.ScheduleType) !== "fixed") return undefined;
  const sendAt = Date.parse(text(body.SendAt) ?? "");
  if (Number.isNaN(sendAt)) throw relayRefusal({ code: 35114, message: "Scheduling does not support this timestamp." });
  return sendAt;
}

/** The messages sent through the calling instance, newest first. */
export function listMessages(context: RouteContext): Promise<Reply> {
  return throughInstance(context, (instance) => ok(context.state.messagesOf(instance.id).map((message) => current(context, message))));
}

/** One message sent through the calling instance; 404 for any other sid. */
export function getMessage(context: RouteContext): Promise<Reply> {
  return throughInstance(context, (instance) => {
    const sid = context.params[0] ?? "";
    const message = context.state.findMessage(sid);
    if (!message || message.instanceId !== instance.id) throw new HttpFailure(404, `No message found with sid ${sid}`);
    return ok(current(context, message));
  });
}
