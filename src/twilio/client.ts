// A read-only client of Twilio's REST API for the preflight: GET with HTTP basic auth
// (Account SID and Auth Token, or an API key SID and its secret), over the same undici transport as the platform client
// (src/api/transport.ts: proxies, deadline, Ctrl-C), retried by the same loop and policy
// (src/api/send-with-retries.ts, `--retries`) as any idempotent platform call. It
// returns every answer, error statuses included, because reading Twilio's refusal is the point.
import { NetworkError } from "../errors.ts";
import { registerSecret, MASK } from "../secrets.ts";
import type { RateLimits } from "../context.ts";
import { createRateLimits, twilioRateKey } from "../api/rate-limits.ts";
import { createSleeper, isRateLimited, statusRetryReason } from "../api/retry.ts";
import { defaultDeadlineMs, sendWithRetries, type RetryPolicy } from "../api/send-with-retries.ts";
import { buildUrl, createUndiciLoader, type WireRequest } from "../api/transport.ts";
import { parseTwilioError } from "../api/twilio-errors.ts";
import type { TwilioEndpoints } from "./endpoints.ts";

export interface TwilioClientOptions {
  endpoints: TwilioEndpoints;
  /** The account every path names: Twilio limits each account apart, whichever credential asks. */
  accountSid: string;
  /** Basic auth's user: the Account SID, or an API key SID (the Account SID then stays in each path). */
  user: string;
  /** Its password: the Auth Token, or the API key's secret. */
  secret: string;
  timeoutMs: number;
  userAgent: string;
  signal?: AbortSignal;
  debug?: (line: string) => void;
  /** The environment proxies are read from (the context's); none when absent. */
  env?: NodeJS.ProcessEnv;
  /** Extra attempts after a transient failure (`--retries`); default 3, as for the platform. */
  retries?: number;
  /** First backoff step in milliseconds; default 250. */
  retryBaseMs?: number;
  /** The run's rate policies (the context's); absent: the client's own. Twilio limits each account apart. */
  rateLimits?: RateLimits;
}

/** One answer of Twilio: its status and parsed body, whatever the status. */
export interface TwilioAnswer {
  status: number;
  body: unknown;
  /** `GET /path` as sent, for reports. */
  request: string;
}

export interface TwilioClient {
  /** GET `path` on the API host or the Messaging host; answers with any status, throws only without an answer. */
  get(host: keyof TwilioEndpoints, path: string, query?: Record<string, string>): Promise<TwilioAnswer>;
  close(): Promise<void>;
}

/** Makes the preflight's Twilio client; the secret and the Authorization value are registered as secrets. */
export function createTwilioClient(options: TwilioClientOptions): TwilioClient {
  registerSecret(options.secret);
  const authorization = registerSecret(`Basic ${Buffer.from(`${options.user}:${options.secret}`).toString("base64")}`);
  const policy: RetryPolicy = {
    retries: options.retries ?? 3,
    baseMs: options.retryBaseMs ?? 250,
    timeoutMs: options.timeoutMs,
    deadlineMs: defaultDeadlineMs(options.timeoutMs),
    signal: options.signal,
    debug: options.debug,
    rate: (options.rateLimits ?? createRateLimits()).policyFor(twilioRateKey(options.endpoints.api, options.accountSid)),
    service: "Twilio",
    sleep: createSleeper(options.signal),
  };
  const undici = createUndiciLoader(options.timeoutMs, options.env ?? {});

  async function get(host: keyof TwilioEndpoints, path: string, query: Record<string, string> = {}): Promise<TwilioAnswer> {
    const headers = { Accept: "application/json", "User-Agent": options.userAgent, Authorization: authorization };
    const wire: WireRequest = { method: "GET", path, url: buildUrl(options.endpoints[host], path, query), headers };
    try {
      const { answer } = await sendWithRetries(
        await undici.load(),
        {
          wire,
          mode: "idempotent",
          shown: { headers: { ...headers, Authorization: `Basic ${MASK}` } },
          readBody: withoutAccountToken,
          retryReasonOf: (answer) => (answer.status >= 400 ? statusRetryReason(answer.status, "idempotent", parseTwilioError(answer.body)?.code) : undefined),
          rateLimitedOf: (answer) => answer.status >= 400 && isRateLimited(answer.status, parseTwilioError(answer.body)?.code),
        },
        policy,
      );
      return { status: answer.status, body: answer.body, request: `GET ${path}` };
    } catch (error) {
      throw error instanceof NetworkError ? unreachable(error, wire) : error;
    }
  }

  return { get, close: () => undici.close() };
}

/** Twilio's account resource carries the account's Auth Token: never keep it, and never show it. */
function withoutAccountToken(body: unknown): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body) || !("auth_token" in body)) return body;
  const { auth_token: token, ...rest } = body as Record<string, unknown>;
  if (typeof token === "string") registerSecret(token);
  return rest;
}

/** No answer from Twilio: said in Twilio's terms, not the platform's. */
function unreachable(error: NetworkError, wire: WireRequest): NetworkError {
  const what = error.kind === "timeout" ? "no answer in time" : error.kind === "dns" ? "its host name does not resolve" : error.kind === "refused" ? "connection refused" : `${error.kind} failure`;
  return new NetworkError(
    error.kind,
    `Cannot reach Twilio's API at ${wire.url.origin} (${what}) for GET ${wire.path}; nothing was sent to the platform.`,
    "Check --twilio-api-url (or TWILIO_API_URL), the network, and any proxy (HTTPS_PROXY, NO_PROXY); raise --timeout if Twilio is slow from here.",
  );
}
