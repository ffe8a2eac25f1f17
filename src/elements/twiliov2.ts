// Element `twiliov2` (Twilio, the platform's v2 element, id 503): basic-auth style entries
// `username` (Account SID) and `password` (Auth Token), messages under the messaging hub.
// Data only. Its entries share --account-sid/--auth-token and their environment variables with
// element `twilio`, because they mean the same Twilio values: one set of flags covers both.
// It configures no sender: each message names its own (`send --from`, `provision --test-from`).
import type { ElementDefinition } from "./types.ts";

export const twiliov2: ElementDefinition = {
  key: "twiliov2",
  name: "Twilio (v2)",
  description: "Twilio's REST API through the messaging hub; the sender is given per message",
  entries: [
    {
      key: "username",
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
      key: "password",
      label: "Auth Token",
      required: true,
      secret: true,
      validation: { patterns: [{ regex: "^[0-9a-fA-F]{32}$", describes: "32 hexadecimal characters" }] },
      invalidMessage: "expected 32 hexadecimal characters",
      flag: "--auth-token",
      env: "TWILIO_AUTH_TOKEN",
      prompt: "Twilio Auth Token",
    },
  ],
  send: {
    path: "/hubs/messaging/messages",
    fields: { to: "To", body: "Body", from: "From", messagingService: "MessagingServiceSid" },
    messagingServicePattern: "^MG[0-9a-fA-F]{32}$",
  },
};
