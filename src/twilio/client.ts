// A read-only client of Twilio's REST API for the preflight: GET with HTTP basic auth
// (Account SID and Auth Token), over the same undici transport as the platform client
// (src/api/transport.ts: proxies, deadline, Ctrl-C), retried like any idempotent call. It
// returns every answer, error statuses included, because reading Twilio's refusal is the point.
import { NetworkError } from "../errors.ts";
import { registerSecret, MASK } from "../secrets.ts";
import { formatFailureLine, formatRequestLine, formatResponseLine, formatRetryLine } from "../api/debug-log.ts";
import { retryDelay, sleep, statusRetryReason, transportRetryReason } from "../api/retry.ts";
import { buildUrl, createUndiciLoader, sendOnce, type RawAnswer, type WireRequest } from "../api/transport.ts";
import { parseTwilioError } from "../api/twilio-errors.ts";
import type { TwilioEndpoints } from "./endpoints.ts";

export interface TwilioClientOptions {
  endpoints: TwilioEndpoints;
  accountSid: string;
  authToken: string;
  timeoutMs: number;
  userAgent: string;
  signal?: AbortSignal;
  debug?: (line: string) => void;
  /** Extra attempts after a transient failure; default 2. */
  retries?: number;
  /** First backoff step in milliseconds; default 250. */
  retryBaseMs?: number;
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

/** Makes the preflight's Twilio client; the Auth Token and the Authorization value are registered as secrets. */
export function createTwilioClient(options: TwilioClientOptions): TwilioClient {
  registerSecret(options.authToken);
  const authorization = registerSecret(`Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString("base64")}`);
  const retries = options.retries ?? 2;
  const baseMs = options.retryBaseMs ?? 250;
  const undici = createUndiciLoader(options.timeoutMs);
  const { debug } = options;

  async function get(host: keyof TwilioEndpoints, path: string, query: Record<string, string> = {}): Promise<TwilioAnswer> {
    const headers = { Accept: "application/json", "User-Agent": options.userAgent, Authorization: authorization };
    const wire: WireRequest = { method: "GET", path, url: buildUrl(options.endpoints[host], path, query), headers };
    const shown = { ...headers, Authorization: `Basic ${MASK}` };
    const loaded = await undici.load();
    for (let attempt = 1; ; attempt++) {
      debug?.(formatRequestLine(attempt, "GET", wire.url.href, shown, undefined));
      const started = Date.now();
      let answer: RawAnswer;
      try {
        answer = await sendOnce(loaded, wire, options.timeoutMs, options.signal);
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        debug?.(formatFailureLine("GET", wire.url.href, Date.now() - started, error.message));
        const reason = error.kind === "timeout" ? undefined : transportRetryReason(error.kind, "idempotent");
        if (reason === undefined || attempt > retries) throw unreachable(error, wire);
        await wait(attempt, reason, undefined, path);
        continue;
      }
      const body = withoutAccountToken(answer.body);
      debug?.(formatResponseLine("GET", wire.url.href, answer.status, answer.durationMs, undefined, body));
      const reason = answer.status >= 400 ? statusRetryReason(answer.status, "idempotent", parseTwilioError(body)?.code) : undefined;
      if (reason === undefined || attempt > retries) return { status: answer.status, body, request: `GET ${path}` };
      await wait(attempt, reason, answer.headers["retry-after"], path);
    }
  }

  async function wait(attempt: number, reason: string, retryAfter: string | undefined, path: string): Promise<void> {
    const delay = retryDelay(attempt - 1, baseMs, retryAfter);
    debug?.(formatRetryLine("GET", path, attempt, retries, reason, delay.ms, delay.source));
    await sleep(delay.ms, options.signal);
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
