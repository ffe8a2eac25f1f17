// Element `twilio` (Twilio SMS, v1) as docs/instance-json.md describes it. Data only.
import type { ElementDefinition } from "./types.ts";
import { EVENT_ENTRIES } from "./event-entries.ts";
import { ACCOUNT_SID, AUTH_TOKEN, MESSAGE_FIELDS, MESSAGING_SERVICE_SID } from "./twilio-values.ts";

const E164 = { regex: "^\\+[1-9]\\d{1,14}$", describes: "an E.164 phone number such as +15005550006" };

export const twilio: ElementDefinition = {
  key: "twilio",
  name: "Twilio SMS",
  description: "Send SMS through Twilio Programmable Messaging",
  entries: [
    { key: "messaging.sms.twilio.account", ...ACCOUNT_SID },
    { key: "messaging.sms.twilio.token", ...AUTH_TOKEN },
    {
      key: "messaging.sms.twilio.sender",
      label: "sender",
      required: true,
      secret: false,
      validation: {
        patterns: [
          E164,
          { regex: "^\\d{3,6}$", describes: "a short code of 3 to 6 digits" },
          { regex: "^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$", describes: "an alphanumeric sender ID of 1 to 11 letters, digits or spaces" },
          { regex: MESSAGING_SERVICE_SID, describes: "a Messaging Service SID (MG followed by 32 hexadecimal characters)" },
        ],
      },
      invalidMessage: "expected an E.164 number (+15005550006), a 3 to 6 digit short code, an alphanumeric sender ID (up to 11 letters, digits or spaces) or a Messaging Service SID (MG...)",
      flag: "--sender",
      env: "TWILIO_SENDER",
      prompt: "Sender (E.164 number, short code, alphanumeric ID or Messaging Service SID)",
      example: "+15005550006",
    },
    {
      key: "messaging.sms.twilio.protocol",
      label: "protocol",
      required: true,
      secret: false,
      default: "sms",
      validation: { oneOf: ["sms"] },
      invalidMessage: "expected sms",
      flag: "--protocol",
      prompt: "Protocol",
    },
    {
      key: "messaging.sms.twilio.callback.url",
      label: "status callback URL",
      required: false,
      secret: false,
      validation: { format: "http-url" },
      invalidMessage: "expected an absolute http: or https: URL",
      flag: "--callback-url",
      env: "TWILIO_CALLBACK_URL",
      prompt: "Status callback URL (optional)",
      example: "https://example.com/sms/status",
    },
    ...EVENT_ENTRIES,
  ],
  send: {
    path: "/messages",
    messagePath: "/messages/{sid}",
    senderEntry: "messaging.sms.twilio.sender",
    accountEntry: "messaging.sms.twilio.account",
    fields: MESSAGE_FIELDS,
    messagingServicePattern: MESSAGING_SERVICE_SID,
  },
};
