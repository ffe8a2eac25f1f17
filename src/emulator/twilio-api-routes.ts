// Twilio's own REST API, the few reads `connector verify` makes, answered at the emulator's origin
// (not under /elements/api-v2) from its seeded account (twilio-seed.ts): the account, its incoming
// phone numbers, its short codes (2010-04-01 API) and its Messaging Services (Messaging v1). Basic
// auth with the Account SID and Auth Token, or an API key SID and secret with the Account SID still
// in the path; errors in Twilio's shape `{code, message, more_info, status}`.
import type { Reply } from "./reply.ts";
import { formatRfc2822 } from "./twilio-fake.ts";
import { identifyCaller, type SeededAccount, type TwilioCaller } from "./twilio-seed.ts";

/** The first segment of every path this file answers. */
const TWILIO_PREFIXES = ["/2010-04-01/", "/v1/"];

/** True when `path` is one of Twilio's, not the platform's. */
export function isTwilioPath(path: string): boolean {
  return TWILIO_PREFIXES.some((prefix) => path.startsWith(prefix));
}

const ACCOUNT = /^\/2010-04-01\/Accounts\/([^/]+)\.json$/;
const NUMBERS = /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\.json$/;
const SHORT_CODES = /^\/2010-04-01\/Accounts\/([^/]+)\/SMS\/ShortCodes\.json$/;
const SERVICE = /^\/v1\/Services\/([^/]+)$/;

/** Twilio's error body, with its page. */
function twilioError(status: number, code: number, message: string, headers: Record<string, string> = {}): Reply {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers };
}

const CREATED = formatRfc2822(new Date(Date.UTC(2026, 0, 5, 9, 30, 0)));

/** Answers one request to Twilio's API: `GET` only, as verify makes them. */
export function answerTwilio(method: string, path: string, query: URLSearchParams, authorization: string | undefined): Reply {
  const caller = identifyCaller(authorization);
  // Twilio answers a bad or missing Authorization before it looks at the path.
  if (!caller) return twilioError(401, 20003, "Authenticate", { "WWW-Authenticate": 'Basic realm="Twilio API"' });
  if (method !== "GET") return twilioError(405, 20004, "Method not allowed");
  const service = SERVICE.exec(path);
  if (service) return readService(caller, decoded(service[1]), path);
  for (const [pattern, read] of [
    [ACCOUNT, readAccount],
    [NUMBERS, listNumbers],
    [SHORT_CODES, listShortCodes],
  ] as const) {
    const match = pattern.exec(path);
    if (!match) continue;
    const sid = decoded(match[1]);
    // Credentials of one account see no other: Twilio's 404 for a resource it does not show them.
    if (sid !== caller.account.sid) return notFound(path);
    return read(caller, query, path);
  }
  return notFound(path);
}

/** A path segment decoded; left as it is when its percent-encoding is malformed (then it matches nothing). */
function decoded(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? "");
  } catch {
    return segment ?? "";
  }
}

function notFound(path: string): Reply {
  return twilioError(404, 20404, `The requested resource ${path} was not found`);
}

function readAccount(caller: TwilioCaller, _query: URLSearchParams, path: string): Reply {
  // Twilio: a Standard API key reaches every resource but Accounts and Keys; a Main key all of them.
  if (caller.kind === "api-key" && caller.key.kind === "standard") return twilioError(403, 20403, `Forbidden: a Standard API key may not read ${path}`);
  const { account } = caller;
  const base = `/2010-04-01/Accounts/${account.sid}`;
  return {
    status: 200,
    body: {
      sid: account.sid,
      owner_account_sid: account.sid,
      friendly_name: account.friendlyName,
      status: account.status,
      type: account.type,
      auth_token: account.authToken,
      date_created: CREATED,
      date_updated: CREATED,
      uri: `${base}.json`,
      subresource_uris: { incoming_phone_numbers: `${base}/IncomingPhoneNumbers.json`, messages: `${base}/Messages.json`, short_codes: `${base}/SMS/ShortCodes.json` },
    },
  };
}

/** Twilio's list page around `items`, as one page holding them all. */
function page(field: string, items: unknown[], path: string, query: URLSearchParams): Reply {
  const size = Number(query.get("PageSize") ?? "50") || 50;
  const shown = items.slice(0, size);
  const uri = `${path}?${query.toString()}`;
  return {
    status: 200,
    body: { [field]: shown, page: 0, page_size: size, start: 0, end: Math.max(0, shown.length - 1), uri, first_page_uri: uri, next_page_uri: null, previous_page_uri: null },
  };
}

function listNumbers({ account }: TwilioCaller, query: URLSearchParams, path: string): Reply {
  const wanted = query.get("PhoneNumber");
  const numbers = account.numbers
    .filter((number) => wanted === null || number.phoneNumber.includes(wanted.replace(/[^\d+]/g, "")))
    .map((number) => ({
      sid: number.sid,
      account_sid: account.sid,
      phone_number: number.phoneNumber,
      friendly_name: number.friendlyName,
      capabilities: { voice: true, sms: number.sms, mms: number.sms, fax: false },
      date_created: CREATED,
      uri: `/2010-04-01/Accounts/${account.sid}/IncomingPhoneNumbers/${number.sid}.json`,
    }));
  return page("incoming_phone_numbers", numbers, path, query);
}

function listShortCodes({ account }: TwilioCaller, query: URLSearchParams, path: string): Reply {
  const wanted = query.get("ShortCode");
  const codes = account.shortCodes
    .filter((code) => wanted === null || code.shortCode === wanted)
    .map((code) => ({
      sid: code.sid,
      account_sid: account.sid,
      short_code: code.shortCode,
      friendly_name: code.shortCode,
      uri: `/2010-04-01/Accounts/${account.sid}/SMS/ShortCodes/${code.sid}.json`,
    }));
  return page("short_codes", codes, path, query);
}

function readService({ account }: TwilioCaller, sid: string, path: string): Reply {
  const service = account.services.find((candidate) => candidate.sid === sid);
  if (!service) return notFound(path);
  return { status: 200, body: serviceResource(account, service) };
}

function serviceResource(account: SeededAccount, service: SeededAccount["services"][number]): Record<string, unknown> {
  return {
    sid: service.sid,
    account_sid: account.sid,
    friendly_name: service.friendlyName,
    date_created: CREATED,
    date_updated: CREATED,
    url: `https://messaging.twilio.com/v1/Services/${service.sid}`,
  };
}
