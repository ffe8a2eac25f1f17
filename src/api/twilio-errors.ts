// Twilio's refusals, explained. The platform relays Twilio's own error `{code, message, more_info}`
// inside `providerMessage` (as a JSON string or an object); this module reads it and adds, for the
// codes people meet most, one line saying what to do about it.

/** Twilio's error, as relayed by the platform. */
export interface TwilioError {
  code: number;
  message: string;
  moreInfo: string;
}

/** One actionable line per common Twilio error code: refusals of a send, and delivery failures reported later. */
export const TWILIO_HINTS: Readonly<Record<number, string>> = {
  20003: "Twilio rejected the instance's Account SID or Auth Token: copy both from the Twilio Console (Account Info) and run `connector provision --if-exists update` with them.",
  20429: "Twilio is rate-limiting this account: wait a little and send again, or send fewer messages at once.",
  21211: "The To number is not a valid phone number: give it in E.164 form, such as +14155550123.",
  21216: "Twilio blocks messages to this number (high fraud risk or regulation): use another number, or ask Twilio support to review the block.",
  21408: "Sending to this country is not enabled: allow it in the Twilio Console under Messaging > Settings > Geo permissions.",
  21606: "The sender cannot send SMS: use an SMS-capable number of your Twilio account or a Messaging Service (--from, or --sender when provisioning).",
  21608: "Trial accounts only send to verified numbers: verify the To number in the Twilio Console (Verified Caller IDs) or upgrade the account.",
  21610: "The recipient replied STOP and is unsubscribed: they must reply START before they can receive messages again.",
  21612: "Twilio cannot route a message between this To and this sender: use a sender able to reach that country or carrier, or a Messaging Service.",
  21614: "The To number is not a mobile number and cannot receive SMS: use a mobile number.",
  // Delivery failures: the message was accepted, then reported undelivered or failed (send --wait).
  30003: "The handset is unreachable (switched off, out of coverage, or unable to take SMS): send again later, or check the number with its owner.",
  30004: "The message was blocked: the recipient may have blocked the sender, or their carrier blocks this kind of message; ask them to unblock it, or use another sender.",
  30005: "The carrier does not know the To number (it does not exist or is no longer in service): check the number.",
  30006: "The To number is a landline, or its carrier cannot take SMS: use a mobile number (Twilio's Lookup API tells the line type beforehand).",
  30007: "The carrier filtered the message as spam: change its content (no URL shorteners), register the sender (A2P 10DLC or toll-free verification), or use a Messaging Service.",
  30008: "The carrier gave no reason (unknown error): send again; if it keeps failing, give the message SID to Twilio support and look at its log in the Twilio Console (Monitor > Logs > Messaging).",
  30034:
    "The sender is a US 10DLC number without a registered A2P 10DLC campaign, and US traffic needs one: register a brand and campaign in the Twilio Console (Messaging > Regulatory Compliance) and add the number to it, or send from a registered Messaging Service or a verified toll-free number.",
};

/** The hint for `code`, or a pointer to Twilio's page about it when there is no entry in the table. */
export function hintForTwilioCode(code: number, moreInfo: string): string {
  return TWILIO_HINTS[code] ?? `See ${moreInfo} for what Twilio error ${code} means and how to fix it.`;
}

/** Twilio's documentation page for `code`. */
export function twilioDocsUrl(code: number): string {
  return `https://www.twilio.com/docs/api/errors/${code}`;
}

/**
 * Reads Twilio's error out of a platform `providerMessage`, which may be a JSON string, an object,
 * or plain text; undefined when it does not hold a Twilio error code.
 */
export function parseTwilioError(providerMessage: unknown): TwilioError | undefined {
  let value = providerMessage;
  if (typeof value === "string") {
    const text = value.trim();
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      return parseTwilioErrorText(text);
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const code = typeof record.code === "number" ? record.code : typeof record.code === "string" ? Number(record.code) : NaN;
  if (!Number.isInteger(code) || code <= 0) return undefined;
  const message = typeof record.message === "string" && record.message.trim() ? record.message.trim() : `Twilio error ${code}`;
  const moreInfo = typeof record.more_info === "string" && record.more_info ? record.more_info : twilioDocsUrl(code);
  return { code, message, moreInfo };
}

/** Twilio's error codes have five digits; shorter codes in the platform's text are HTTP statuses or its own. */
const TWILIO_CODE = /^[1-9]\d{4}$/;

/**
 * Twilio's code and message out of the text forms the platform documents for `providerMessage`:
 * `error - {code=21211, message=...}` and `21211 - message=...; statusCode=400 - null`.
 */
function parseTwilioErrorText(text: string): TwilioError | undefined {
  const braced = /\{\s*code=(\d+),\s*message=(.*)\}/s.exec(text);
  const leading = braced ? undefined : /^(\d+)\s+-\s+message=(.*?)(?:;\s*statusCode=\S*(?:\s+-\s+.*)?)?$/s.exec(text);
  const [, code, message] = braced ?? leading ?? [];
  if (code === undefined || !TWILIO_CODE.test(code)) return undefined;
  const number = Number(code);
  return { code: number, message: message?.trim() || `Twilio error ${number}`, moreInfo: twilioDocsUrl(number) };
}
