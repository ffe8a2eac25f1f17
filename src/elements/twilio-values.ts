// The Twilio values that elements `twilio` and `twiliov2` both configure, each under its own
// entry key. Defined once so the two elements validate, flag, prompt and redact the same Twilio
// value the same way, and one set of flags and variables covers both. Data only.
import type { EntryDefinition, SendResource } from "./types.ts";

/** The Account SID entry, less its key. */
export const ACCOUNT_SID: Omit<EntryDefinition, "key"> = {
  label: "Account SID",
  required: true,
  secret: false,
  validation: { patterns: [{ regex: "^AC[0-9a-fA-F]{32}$", describes: "AC followed by 32 hexadecimal characters" }] },
  invalidMessage: "expected AC followed by 32 hexadecimal characters (see the Twilio Console, Account Info)",
  flag: "--account-sid",
  env: "TWILIO_ACCOUNT_SID",
  prompt: "Twilio Account SID (AC...)",
  example: "AC0123456789abcdef0123456789abcdef",
};

/** The Auth Token entry, less its key. */
export const AUTH_TOKEN: Omit<EntryDefinition, "key"> = {
  label: "Auth Token",
  required: true,
  secret: true,
  validation: { patterns: [{ regex: "^[0-9a-fA-F]{32}$", describes: "32 hexadecimal characters" }] },
  invalidMessage: "expected 32 hexadecimal characters",
  flag: "--auth-token",
  env: "TWILIO_AUTH_TOKEN",
  prompt: "Twilio Auth Token",
};

/** A Messaging Service SID, which Twilio takes as a sender in its own body field. */
export const MESSAGING_SERVICE_SID = "^MG[0-9a-fA-F]{32}$";

/** The body fields of Twilio's Messages resource, the same behind both elements. */
export const MESSAGE_FIELDS: SendResource["fields"] = { to: "To", body: "Body", from: "From", messagingService: "MessagingServiceSid" };
