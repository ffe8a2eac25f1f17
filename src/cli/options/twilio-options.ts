// The options of the Twilio preflight and the test message, shared by verify and provision.
// Their environment variables are read by twilio/endpoints.ts, which names flag and variable
// apart in its errors, so they are only named in the descriptions here.
import type { OptionDefs } from "../define-command.ts";

export const TWILIO_URL_OPTIONS = {
  twilioApiUrl: { type: "string", flags: "--twilio-api-url <url>", description: "Twilio's API root for the preflight (env TWILIO_API_URL; default https://api.twilio.com)" },
  twilioMessagingUrl: { type: "string", flags: "--twilio-messaging-url <url>", description: "Twilio's Messaging API root (env TWILIO_MESSAGING_URL; default derived from the API root)" },
} as const satisfies OptionDefs;

/** An API key instead of the Auth Token for verify's own calls to Twilio; its secret never comes from the command line. */
export const TWILIO_API_KEY_OPTIONS = {
  apiKey: {
    type: "string",
    flags: "--api-key <sid>",
    description: "ask Twilio with this API key (SK...) instead of the Auth Token (env TWILIO_API_KEY; its secret from TWILIO_API_SECRET or a prompt)",
  },
  apiSecret: { type: "string", flags: "--api-secret <secret>", description: "refused: set TWILIO_API_SECRET instead (a secret on the command line leaks into shell history)" },
} as const satisfies OptionDefs;

export const PROVISION_TWILIO_OPTIONS = {
  verify: { type: "boolean", flags: "--verify", description: "check the Twilio credentials and sender with Twilio before anything is sent (exit 3 on failure)" },
  testTo: { type: "string", flags: "--test-to <number>", description: "after creating, send a test message here (E.164); on failure delete the instance, store nothing, exit 7" },
  testFrom: { type: "string", flags: "--test-from <sender>", description: "sender of the test message (default: the instance's sender)" },
  wait: { type: "boolean", flags: "--wait", description: "with --test-to: wait for the test message's delivery; undelivered or failed deletes the new instance (exit 7)" },
  waitTimeout: { type: "string", flags: "--wait-timeout <seconds>", description: "with --wait: how long to wait (default 60); past it the instance is kept, delivery unconfirmed" },
  ...TWILIO_URL_OPTIONS,
} as const satisfies OptionDefs;
