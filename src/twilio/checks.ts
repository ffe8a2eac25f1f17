// The preflight's checks, in order: the account and its credentials, then the sender. Each
// reads Twilio's own answer and reports passed, failed or skipped, with Twilio's code and a
// hint. Only "no answer at all" and Twilio's own 5xx are thrown (exit 6): they say nothing
// about the configuration.
import { ApiError } from "../errors.ts";
import { parseTwilioError } from "../api/twilio-errors.ts";
import type { TwilioAnswer, TwilioClient } from "./client.ts";
import { PREFLIGHT_HINTS, preflightHint } from "./hints.ts";

export type CheckStatus = "passed" | "failed" | "skipped";

/** The outcome of one check, as verify and provision --verify report it. */
export interface PreflightCheck {
  check: "credentials" | "sender";
  status: CheckStatus;
  /** One line: what was found. */
  summary: string;
  twilioCode?: number;
  hint?: string;
  moreInfo?: string;
  /** The request that decided it, e.g. `GET /2010-04-01/Accounts/AC....json`. */
  request?: string;
}

export interface PreflightValues {
  accountSid: string;
  authToken: string;
  /** Absent for an element that configures no sender (twiliov2). */
  sender?: string;
}

const MESSAGING_SERVICE = /^MG[0-9a-fA-F]{32}$/;
const E164 = /^\+[1-9]\d{1,14}$/;
const SHORT_CODE = /^\d{3,6}$/;

/** Runs the credentials check, then (when it passed with live credentials) the sender check. */
export async function runChecks(values: PreflightValues, client: TwilioClient, kind: "auth-token" | "api-key" = "auth-token"): Promise<PreflightCheck[]> {
  const credentials = kind === "api-key" ? await checkApiKey(values.accountSid, client) : await checkCredentials(values.accountSid, client);
  if (credentials.status !== "passed" || credentials.twilioCode === 20008) {
    const why = credentials.twilioCode === 20008 ? "test credentials cannot read the account's senders" : "the credentials did not pass";
    return [credentials, { check: "sender", status: "skipped", summary: `Not checked: ${why}.` }];
  }
  return [credentials, await checkSender(values, client)];
}

/** GET /2010-04-01/Accounts/{AccountSid}.json: 200 for valid credentials, 401 (20003) otherwise. */
async function checkCredentials(accountSid: string, client: TwilioClient): Promise<PreflightCheck> {
  const answer = await client.get("api", `/2010-04-01/Accounts/${accountSid}.json`);
  const base = { check: "credentials" as const, request: answer.request };
  if (answer.status === 200) {
    const account = record(answer.body);
    const status = text(account.status) ?? "active";
    const described = `Account ${accountSid}${text(account.friendly_name) ? ` ("${text(account.friendly_name)}")` : ""}, ${text(account.type) ?? "type unknown"}, ${status}`;
    if (status !== "active") return { ...base, status: "failed", summary: `${described}: Twilio sends nothing from it.`, hint: PREFLIGHT_HINTS.inactiveAccount };
    const trial = text(account.type) === "Trial" ? "; a trial account sends only to verified numbers (error 21608)" : "";
    return { ...base, status: "passed", summary: `${described}: the Account SID and Auth Token work${trial}.` };
  }
  const error = parseTwilioError(answer.body);
  if (answer.status === 403 && error?.code === 20008) {
    return {
      ...base,
      status: "passed",
      summary: "Twilio recognised test credentials (error 20008 for this check): they authenticate, but send nothing real.",
      twilioCode: 20008,
      hint: PREFLIGHT_HINTS.testCredentials,
      moreInfo: error.moreInfo,
    };
  }
  if (answer.status === 401) return refused(base, answer, "Twilio rejected the Account SID and Auth Token", PREFLIGHT_HINTS.badCredentials);
  if (answer.status === 404) return refused(base, answer, `Twilio knows no account ${accountSid} for these credentials`, PREFLIGHT_HINTS.unknownAccount);
  return unexpected(base, answer);
}

/**
 * An API key cannot be checked on the account resource: a Standard key may not read it (only a
 * Main key may). So the key is checked on the account's incoming numbers, which every key type
 * may list: 200 proves the key, its secret and that they belong to the account. It cannot show
 * the account's status or type, nor check the Auth Token the instance keeps.
 */
async function checkApiKey(accountSid: string, client: TwilioClient): Promise<PreflightCheck> {
  const answer = await client.get("api", `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json`, { PageSize: "1" });
  const base = { check: "credentials" as const, request: answer.request };
  if (answer.status === 200) {
    return {
      ...base,
      status: "passed",
      summary: `The API key works for account ${accountSid}. An API key cannot show whether the account is active, trial or suspended, and the Auth Token the instance keeps was not checked.`,
    };
  }
  if (answer.status === 401) return refused(base, answer, "Twilio rejected the API key and its secret", PREFLIGHT_HINTS.badApiKey);
  if (answer.status === 404) return refused(base, answer, `Twilio knows no account ${accountSid} for this API key`, PREFLIGHT_HINTS.unknownAccount);
  if (answer.status === 403) return refused(base, answer, "Twilio refused this API key the account's phone numbers", PREFLIGHT_HINTS.forbidden);
  return unexpected(base, answer);
}

/** The sender belongs to the account: an incoming number, a short code, or a Messaging Service. */
async function checkSender(values: PreflightValues, client: TwilioClient): Promise<PreflightCheck> {
  const { sender, accountSid } = values;
  if (sender === undefined) return { check: "sender", status: "skipped", summary: "No sender configured: this element names the sender in each message." };
  const accountPath = `/2010-04-01/Accounts/${accountSid}`;
  if (MESSAGING_SERVICE.test(sender)) {
    const answer = await client.get("messaging", `/v1/Services/${sender}`);
    const base = { check: "sender" as const, request: answer.request };
    if (answer.status === 200) return { ...base, status: "passed", summary: `Messaging Service ${sender}${quoted(record(answer.body).friendly_name)} belongs to the account.` };
    if (answer.status === 404) return refused(base, answer, `No Messaging Service ${sender} in account ${accountSid}`, PREFLIGHT_HINTS.unknownService);
    return unexpected(base, answer);
  }
  if (E164.test(sender)) {
    const answer = await client.get("api", `${accountPath}/IncomingPhoneNumbers.json`, { PhoneNumber: sender, PageSize: "20" });
    const base = { check: "sender" as const, request: answer.request };
    if (answer.status !== 200) return answer.status === 403 ? refused(base, answer, "Twilio refused to list the account's numbers", PREFLIGHT_HINTS.forbidden) : unexpected(base, answer);
    const found = list(answer.body, "incoming_phone_numbers").find((n) => n.phone_number === sender);
    if (!found) return { ...base, status: "failed", summary: `${sender} is not a phone number of account ${accountSid}.`, twilioCode: 21606, hint: PREFLIGHT_HINTS.unknownNumber };
    const capabilities = record(found.capabilities);
    if (capabilities.sms === false)
      return { ...base, status: "failed", summary: `${sender}${quoted(found.friendly_name)} belongs to the account but cannot send SMS.`, twilioCode: 21606, hint: PREFLIGHT_HINTS.noSms };
    return { ...base, status: "passed", summary: `${sender}${quoted(found.friendly_name)} is an SMS-capable number of the account.` };
  }
  if (SHORT_CODE.test(sender)) {
    const answer = await client.get("api", `${accountPath}/SMS/ShortCodes.json`, { ShortCode: sender });
    const base = { check: "sender" as const, request: answer.request };
    if (answer.status !== 200) return unexpected(base, answer);
    const found = list(answer.body, "short_codes").some((code) => code.short_code === sender);
    if (!found) return { ...base, status: "failed", summary: `${sender} is not a short code of account ${accountSid}.`, twilioCode: 21606, hint: PREFLIGHT_HINTS.unknownShortCode };
    return { ...base, status: "passed", summary: `Short code ${sender} belongs to the account.` };
  }
  return { check: "sender", status: "skipped", summary: `"${sender}" is an alphanumeric sender ID: Twilio's API cannot confirm one; a test message can (provision --test-to).` };
}

/** A refusal Twilio explained: its code, message and page, with our hint for what to do. */
function refused(base: Pick<PreflightCheck, "check" | "request">, answer: TwilioAnswer, what: string, hint: string): PreflightCheck {
  const error = parseTwilioError(answer.body);
  const said = error ? ` (Twilio error ${error.code}: ${error.message})` : ` (HTTP ${answer.status})`;
  return { ...base, status: "failed", summary: `${what}${said}.`, hint: preflightHint(error?.code, hint), ...(error ? { twilioCode: error.code, moreInfo: error.moreInfo } : {}) };
}

/** An answer no check expects. 5xx is Twilio's trouble (exit 6); anything else fails the check, saying what came back. */
function unexpected(base: Pick<PreflightCheck, "check" | "request">, answer: TwilioAnswer): PreflightCheck {
  if (answer.status >= 500) {
    throw new ApiError(
      "unavailable",
      `Twilio failed to answer ${answer.request} (${answer.status}); nothing was sent to the platform.`,
      answer.status,
      undefined,
      "Try again later (see status.twilio.com).",
    );
  }
  const error = parseTwilioError(answer.body);
  if (error) return refused(base, answer, `Twilio refused ${answer.request}`, PREFLIGHT_HINTS.unexpected);
  const body = record(answer.body);
  const details = Array.isArray(body.validation)
    ? body.validation
        .map((v) => text(record(v).message))
        .filter(Boolean)
        .join("; ")
    : "";
  const said = [text(body.title) ?? text(body.message), details].filter(Boolean).join(": ");
  return { ...base, status: "failed", summary: `Unexpected answer ${answer.status} to ${answer.request}${said ? `: ${said}` : ""}.`, hint: PREFLIGHT_HINTS.unexpected };
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(body: unknown, field: string): Record<string, unknown>[] {
  const items = record(body)[field];
  return Array.isArray(items) ? items.map(record) : [];
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function quoted(value: unknown): string {
  return text(value) ? ` ("${text(value)}")` : "";
}
