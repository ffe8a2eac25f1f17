// Element `twilio` (Twilio SMS, v1) as CONTRACT.md describes it. Data only.
import type { ElementDefinition } from "./types.ts";

const E164 = { regex: "^\\+[1-9]\\d{1,14}$", describes: "an E.164 phone number such as +15005550006" };
const MESSAGING_SERVICE_SID = "^MG[0-9a-fA-F]{32}$";

export const twilio: ElementDefinition = {
  key: "twilio",
  name: "Twilio SMS",
  description: "Send SMS through Twilio Programmable Messaging",
  entries: [
    {
      key: "messaging.sms.twilio.account",
      label: "Account SID",
      required: true,
      secret: false,
      validation: { patterns: [{ regex: "^AC[0-9a-fA-F]{32}$", describes: "AC followed by 32 hexadecimal characters" }] },
      invalidMessage: "expected AC followed by 32 hexadecimal characters (see the Twilio Console, Account Info)",
      flag: "--account-sid",
      env: "TWILIO_ACCOUNT_SID",
      prompt: "Twilio Account SID (AC...)",
      example: "AC0123456789abcdef0123456789abcdef",
    },
    {
      key: "messaging.sms.twilio.token",
      label: "Auth Token",
      required: true,
      secret: true,
      validation: { patterns: [{ regex: "^[0-9a-fA-F]{32}$", describes: "32 hexadecimal characters" }] },
      invalidMessage: "expected 32 hexadecimal characters",
      flag: "--auth-token",
      env: "TWILIO_AUTH_TOKEN",
      prompt: "Twilio Auth Token",
    },
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
      invalidMessage:
        "expected an E.164 number (+15005550006), a 3 to 6 digit short code, an alphanumeric sender ID (up to 11 letters, digits or spaces) or a Messaging Service SID (MG...)",
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
  ],
  send: {
    path: "/messages",
    senderEntry: "messaging.sms.twilio.sender",
    fields: { to: "To", body: "Body", from: "From", messagingService: "MessagingServiceSid" },
    messagingServicePattern: MESSAGING_SERVICE_SID,
  },
};
