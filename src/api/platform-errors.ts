// Turns an error answer of the platform into the typed error the user sees: the platform's own
// message, the request id to quote to support, Twilio's code when the provider refused, and a
// next step. Error bodies are `{requestId, message, providerMessage?}`, else raw text.
import type { ApiWords } from "../context.ts";
import { ApiError, ProviderError } from "../errors.ts";
import { redact } from "../secrets.ts";
import { hintForTwilioCode, parseTwilioError, type TwilioError } from "./twilio-errors.ts";

/** The `error.code` values an answer of the platform can produce. */
export type ApiErrorCode = "auth" | "conflict" | "not_found" | "api" | "unavailable";

/** An ApiError that keeps what the platform said, so callers can read it (paging, sendMessage). */
export class PlatformApiError extends ApiError {
  constructor(
    code: ApiErrorCode,
    message: string,
    status: number,
    requestId: string | undefined,
    hint: string | undefined,
    /** The platform's `message`, or the shortened raw text of the answer. */
    readonly platformMessage: string,
    /** Twilio's error, when `providerMessage` held one. */
    readonly twilio?: TwilioError,
    /** True when the answer's body was a JSON object (the platform's error shape), not a page of text or HTML. */
    readonly platformShaped = false,
  ) {
    super(code, message, status, requestId, hint, twilio?.code, twilio?.moreInfo);
  }
}

/** What the platform's error body says, whatever its shape. */
export interface ErrorBodyParts {
  message: string;
  requestId?: string;
  providerMessage?: unknown;
}

const MAX_TEXT = 200;

/** Secrets masked first (a cut must never leave half of one), then whitespace collapsed and cut to fit on a line. */
export function shortenText(text: string, max = MAX_TEXT): string {
  const flat = redact(text).replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Reads `{requestId, message, providerMessage?}` out of a parsed JSON body or raw text. */
export function readErrorBody(body: unknown): ErrorBodyParts {
  if (typeof body === "string") return { message: shortenText(body) };
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    const message = typeof record.message === "string" ? record.message.trim() : shortenText(JSON.stringify(body));
    const requestId = typeof record.requestId === "string" && record.requestId ? record.requestId : undefined;
    return { message, requestId, providerMessage: record.providerMessage };
  }
  return { message: "" };
}

/** The answer of a failed request, as the HTTP client saw it. */
export interface FailedAnswer {
  method: string;
  path: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
  attempts: number;
}

/** The typed error for a 3xx, 4xx or 5xx answer (docs/commands.md, "Exit codes"). */
export function toPlatformError(answer: FailedAnswer, words?: ApiWords): PlatformApiError {
  // The options to check, in the caller's words (the CLI's flags, the library's settings).
  const baseUrl = words?.option("base-url") ?? "--base-url";
  const storeSecrets = words?.storeSecrets() ?? "or run `connector login` to store the right secrets";
  const { method, path, status, attempts } = answer;
  const parts = readErrorBody(answer.body);
  const requestId = answer.headers["elements-request-id"] || parts.requestId;
  const twilio = parseTwilioError(parts.providerMessage);
  const said = describeSaid(parts, twilio);
  const where = `${method} ${path}`;
  const shaped = typeof answer.body === "object" && answer.body !== null && !Array.isArray(answer.body);
  const make = (code: ApiErrorCode, message: string, hint?: string) =>
    new PlatformApiError(code, message, status, requestId, twilio ? hintForTwilioCode(twilio.code, twilio.moreInfo) : hint, parts.message, twilio, shaped);
  if (status === 401 || status === 403) {
    return make(
      "auth",
      `The platform refused the credentials (${status} on ${where})${said}`,
      status === 403
        ? `Check CONNECTOR_USER_SECRET and CONNECTOR_ORG_SECRET (${storeSecrets}); a 403 can also mean the instance is disabled.`
        : `Check CONNECTOR_USER_SECRET and CONNECTOR_ORG_SECRET, ${storeSecrets}.`,
    );
  }
  if (status === 404) return make("not_found", `Not found (404 on ${where})${said}`, `Check the name or id, and that ${baseUrl} ends in /elements/api-v2.`);
  if (status === 409) return make("conflict", `The platform refused ${where} as a conflict (409)${said}`);
  if (status >= 500) {
    const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
    return make("unavailable", `The platform failed to answer ${where} (${status}${tries})${said}`, "Try again later; if it persists, give the request id to the platform's support.");
  }
  if (status >= 300 && status < 400) {
    const location = answer.headers.location ? ` to ${answer.headers.location}` : "";
    return make("api", `The platform redirected ${where} (${status})${location}`, `Check ${baseUrl}: it must be the API root, including https: and /elements/api-v2.`);
  }
  return make("api", `The platform refused ${where} (${status})${said}`);
}

/** The platform's words (and Twilio's, when relayed) as the tail of a message. */
function describeSaid(parts: ErrorBodyParts, twilio: TwilioError | undefined): string {
  const platform = parts.message ? `: ${parts.message}` : ".";
  if (twilio) return `${platform.replace(/\.?$/, "")}. Twilio error ${twilio.code}: ${twilio.message}`;
  if (typeof parts.providerMessage === "string" && parts.providerMessage.trim()) {
    return `${platform.replace(/\.?$/, "")}. Provider said: ${shortenText(parts.providerMessage)}`;
  }
  return platform;
}

/** A platform error relaying Twilio's refusal, as the ProviderError `send` reports (exit 7). */
export function toProviderError(error: PlatformApiError): ProviderError | PlatformApiError {
  const twilio = error.twilio;
  if (!twilio) return error;
  return new ProviderError(
    `Twilio refused the message (error ${twilio.code}): ${twilio.message}`,
    twilio.code,
    error.status,
    error.requestId,
    twilio.moreInfo,
    hintForTwilioCode(twilio.code, twilio.moreInfo),
  );
}
