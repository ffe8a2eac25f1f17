// The value rules the emulator applies to Twilio entries, from Twilio's documented formats (SIDs
// are two letters and 32 hex digits, numbers are E.164). Whether the platform itself checks these
// values is not documented: this strictness is the emulator's choice, and its docs say so.
import type { ValueRule } from "./types.ts";

export const ACCOUNT_SID_RULE: ValueRule = { pattern: /^AC[0-9a-fA-F]{32}$/, expects: "expected an Account SID: AC followed by 32 hexadecimal digits" };

export const AUTH_TOKEN_RULE: ValueRule = { pattern: /^[0-9a-fA-F]{32}$/, expects: "expected an Auth Token: 32 hexadecimal digits" };

/** A phone number (E.164), a short code, an alphanumeric sender ID, or a Messaging Service SID. */
export const SENDER_RULE: ValueRule = {
  pattern: /^(?:\+[1-9]\d{1,14}|\d{3,6}|(?=[^A-Za-z]*[A-Za-z])[A-Za-z0-9 ]{1,11}|MG[0-9a-fA-F]{32})$/,
  expects: "expected an E.164 number, a short code, an alphanumeric sender ID or a Messaging Service SID (MG...)",
};

export const PROTOCOL_RULE: ValueRule = { pattern: /^sms$/, expects: "expected sms" };

export const HTTP_URL_RULE: ValueRule = { pattern: /^https?:\/\/[^\s/?#\\]+(?:[/?#]\S*)?$/i, expects: "expected an absolute http: or https: URL" };

/** A sender that Twilio takes as `MessagingServiceSid` rather than `From`. */
export const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
