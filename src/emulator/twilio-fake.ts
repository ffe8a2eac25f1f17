// What Twilio would answer to a message: its checks of To/From/Body, its test-credential
// magic numbers, and the message resource it returns (sid, segments, RFC 2822 dates).
import { randomBytes } from "node:crypto";
import { HttpFailure } from "./reply.ts";

export interface TwilioRefusal {
  code: number;
  message: string;
}

export interface MessageFields {
  to?: string;
  from?: string;
  messagingServiceSid?: string;
  body?: string;
}

const E164 = /^\+[1-9]\d{1,14}$/;
const SENDER = /^(\+[1-9]\d{1,14}|\d{3,6}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const MAX_BODY = 1600;

/** Twilio's answers to the magic `To` numbers of its test credentials. */
const MAGIC_TO: Record<string, (to: string, from: string) => TwilioRefusal> = {
  "+15005550001": (to) => ({ code: 21211, message: `The 'To' number ${to} is not a valid phone number.` }),
  "+15005550002": (to, from) => ({ code: 21612, message: `The 'To' phone number: ${to}, is not currently reachable using the 'From' phone number: ${from} via SMS.` }),
  "+15005550003": (to) => ({ code: 21408, message: `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.` }),
  "+15005550004": () => ({ code: 21610, message: "Attempt to send to unsubscribed recipient" }),
  "+15005550009": (to) => ({ code: 21614, message: `To number: ${to}, is not a mobile number` }),
};

/** Twilio's answers to the magic `From` numbers of its test credentials. */
const MAGIC_FROM: Record<string, (from: string) => TwilioRefusal> = {
  "+15005550001": (from) => ({ code: 21212, message: `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.` }),
  "+15005550007": (from) => ({ code: 21606, message: `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.` }),
  "+15005550008": () => ({ code: 21611, message: "This 'From' number has exceeded the maximum number of queued messages" }),
};

/** Twilio's refusal of these fields, or undefined when Twilio would queue the message. */
export function checkMessageFields(fields: MessageFields): TwilioRefusal | undefined {
  const { to, from, messagingServiceSid, body } = fields;
  if (!to) return { code: 21604, message: "A 'To' phone number is required." };
  if (!from && !messagingServiceSid) return { code: 21603, message: "A 'From' phone number is required." };
  if (!body) return { code: 21602, message: "Message body is required." };
  if (!E164.test(to)) return { code: 21211, message: `The 'To' number ${to} is not a valid phone number.` };
  if (messagingServiceSid !== undefined && !MESSAGING_SERVICE_SID.test(messagingServiceSid)) {
    return { code: 21701, message: `The Messaging Service Sid ${messagingServiceSid} is invalid.` };
  }
  if (from !== undefined && messagingServiceSid === undefined && !SENDER.test(from)) {
    return { code: 21212, message: `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.` };
  }
  if (body.length > MAX_BODY) return { code: 21617, message: "The concatenated message body exceeds the 1600 character limit." };
  if (from !== undefined && messagingServiceSid === undefined) {
    const refusal = MAGIC_FROM[from]?.(from);
    if (refusal) return refusal;
  }
  return MAGIC_TO[to]?.(to, from ?? messagingServiceSid ?? "");
}

/** The platform's 400 relaying a Twilio refusal, with Twilio's error as `providerMessage`. */
export function relayRefusal(refusal: TwilioRefusal): HttpFailure {
  const providerMessage = JSON.stringify({
    code: refusal.code,
    message: refusal.message,
    more_info: `https://www.twilio.com/docs/errors/${refusal.code}`,
    status: 400,
  });
  return new HttpFailure(400, `Error sending message: ${refusal.message}`, { providerMessage });
}

const GSM7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENDED = "^{}\\[~]|€\f";
const BASIC = new Set(GSM7_BASIC);
const EXTENDED = new Set(GSM7_EXTENDED);

/** How many SMS segments Twilio bills for `body`: GSM-7 160/153, else UCS-2 70/67. */
export function countSegments(body: string): number {
  let septets = 0;
  for (const char of body) {
    if (BASIC.has(char)) septets += 1;
    else if (EXTENDED.has(char)) septets += 2;
    else {
      const units = body.length;
      return units <= 70 ? 1 : Math.ceil(units / 67);
    }
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}

/** A message SID: "SM" and 32 hexadecimal digits. */
export function createMessageSid(): string {
  return `SM${randomBytes(16).toString("hex")}`;
}

/** A date the way Twilio writes it: `Thu, 30 Jul 2015 20:12:31 +0000`. */
export function formatRfc2822(date: Date): string {
  return date.toUTCString().replace("GMT", "+0000");
}
