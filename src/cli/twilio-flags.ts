// The options of the Twilio preflight and the test message, shared by verify and provision:
// typed once here so program.ts stays a list and registry.ts a table.
import type { Command } from "commander";
import type { TwilioUrlFlags } from "../twilio/endpoints.ts";
import { stringOption } from "../values.ts";

/** What provision adds on top of the instance flags: --verify, --test-to, --test-from and the Twilio URLs. */
export interface ProvisionTwilioFlags extends TwilioUrlFlags {
  verify: boolean;
  testTo?: string;
  testFrom?: string;
}

/** Adds --twilio-api-url and --twilio-messaging-url to `command`. */
export function addTwilioUrlOptions(command: Command): Command {
  return command
    .option("--twilio-api-url <url>", "Twilio's API root for the preflight (env TWILIO_API_URL; default https://api.twilio.com)")
    .option("--twilio-messaging-url <url>", "Twilio's Messaging API root (env TWILIO_MESSAGING_URL; default derived from the API root)");
}

/** Adds provision's --verify, --test-to and --test-from, and the Twilio URLs. */
export function addProvisionTwilioOptions(command: Command): Command {
  command
    .option("--verify", "check the Twilio credentials and sender with Twilio before anything is sent (exit 3 on failure)")
    .option("--test-to <number>", "after creating, send a test message here (E.164); on failure delete the instance, store nothing, exit 7")
    .option("--test-from <sender>", "sender of the test message (default: the instance's sender)");
  return addTwilioUrlOptions(command);
}

/** The Twilio URL flags out of commander's options. */
export function readTwilioUrlFlags(options: Record<string, unknown>): TwilioUrlFlags {
  return { twilioApiUrl: stringOption(options.twilioApiUrl), twilioMessagingUrl: stringOption(options.twilioMessagingUrl) };
}

/** Provision's Twilio flags out of commander's options. */
export function readProvisionTwilioFlags(options: Record<string, unknown>): ProvisionTwilioFlags {
  return { ...readTwilioUrlFlags(options), verify: options.verify === true, testTo: stringOption(options.testTo), testFrom: stringOption(options.testFrom) };
}

