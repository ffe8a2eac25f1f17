// Where Twilio's API is. One URL names it (`--twilio-api-url`, `TWILIO_API_URL`, default
// https://api.twilio.com); Messaging Services live on a second host, which is derived from it:
// api.<region>.twilio.com becomes messaging.<region>.twilio.com, and any other host (a mock,
// a proxy, a test server) is taken to serve both, since their paths never collide.
// `--twilio-messaging-url` (`TWILIO_MESSAGING_URL`) overrides the derivation.
import { UsageError } from "../errors.ts";

export const DEFAULT_TWILIO_API_URL = "https://api.twilio.com";

export interface TwilioEndpoints {
  /** Root of the 2010-04-01 REST API (accounts, phone numbers, short codes). */
  api: string;
  /** Root of the Messaging v1 API (Messaging Services). */
  messaging: string;
}

export interface TwilioUrlFlags {
  twilioApiUrl?: string;
  twilioMessagingUrl?: string;
}

const TWILIO_API_HOST = /^api((\.[a-z0-9-]+)*)\.twilio\.com$/i;

/** The endpoints from flags, then environment, then Twilio's own hosts. */
export function resolveTwilioEndpoints(flags: TwilioUrlFlags, env: NodeJS.ProcessEnv): TwilioEndpoints {
  const api = checkUrl(flags.twilioApiUrl ?? nonEmpty(env.TWILIO_API_URL) ?? DEFAULT_TWILIO_API_URL, "--twilio-api-url", "TWILIO_API_URL");
  const explicit = flags.twilioMessagingUrl ?? nonEmpty(env.TWILIO_MESSAGING_URL);
  const messaging = explicit === undefined ? deriveMessagingUrl(api) : checkUrl(explicit, "--twilio-messaging-url", "TWILIO_MESSAGING_URL");
  return { api, messaging };
}

/** The Messaging API root that goes with an API root: Twilio's sibling host, else the same URL. */
export function deriveMessagingUrl(apiUrl: string): string {
  const url = new URL(apiUrl);
  const match = TWILIO_API_HOST.exec(url.hostname);
  if (!match) return apiUrl;
  url.hostname = `messaging${match[1] ?? ""}.twilio.com`;
  return url.href.replace(/\/+$/, "");
}

function checkUrl(value: string, flag: string, env: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not an http: or https: URL.`, `Give Twilio's API root, such as ${DEFAULT_TWILIO_API_URL} (flag ${flag} or environment ${env}).`);
  }
  return value.replace(/\/+$/, "");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
