// What to do when a preflight check fails: one line per outcome, said for someone who is
// about to provision (not for someone whose message was just refused: src/api/twilio-errors.ts).
import { hintForTwilioCode, twilioDocsUrl } from "../api/twilio-errors.ts";

/** The hints of the preflight, by outcome. */
export const PREFLIGHT_HINTS = {
  badCredentials:
    "Copy the Account SID and Auth Token together from the Twilio Console (Account Info) into TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or --account-sid, --auth-token); a token rotated in the Console stops working at once.",
  badApiKey:
    "Check TWILIO_API_KEY (or --api-key, the key's SK... SID) and TWILIO_API_SECRET (shown once, when the key was made in Console > Account > API keys); the key must belong to TWILIO_ACCOUNT_SID's account, and a revoked key stops working at once.",
  unknownAccount: "Check the Account SID: a subaccount needs its own SID with its own Auth Token (or its parent's).",
  inactiveAccount: "Reactivate the account in the Twilio Console (or use an active one): Twilio sends nothing from a suspended or closed account.",
  testCredentials: "Test credentials send nothing real and Twilio allows no further checks with them; use the live Auth Token to verify the sender.",
  unknownNumber: "Use a number of this account (Console > Phone Numbers > Active numbers), or a Messaging Service SID (MG...) as the sender; Twilio refuses any other From with error 21606.",
  noSms: "This number cannot send SMS: pick an SMS-capable number of the account, or a Messaging Service; Twilio refuses it with error 21606.",
  unknownShortCode: "Use a short code of this account (Console > Phone Numbers > Short codes), or a phone number or Messaging Service; Twilio refuses any other with error 21606.",
  unknownService: "No Messaging Service with this SID in the account: copy its SID from Console > Messaging > Services, or use a phone number as the sender.",
  forbidden: "These credentials may not read this resource (a restricted key or subaccount): use the account's own Auth Token.",
  unexpected: "Twilio's answer was not one the preflight knows; run again with --verbose to see it, and check --twilio-api-url.",
} as const;

/** The hint for a Twilio error code met by the preflight: ours for the codes that concern credentials, else the check's own. */
export function preflightHint(code: number | undefined, fallback: string): string {
  if (code === 20003) return fallback === PREFLIGHT_HINTS.badApiKey ? fallback : PREFLIGHT_HINTS.badCredentials;
  if (code === 20008) return PREFLIGHT_HINTS.testCredentials;
  if (code === 20429) return hintForTwilioCode(code, twilioDocsUrl(code));
  return fallback;
}
