// The platform's HTTP client: every call to Open Connectors goes through `request`, which adds the
// common headers and turns refusals into the typed errors of errors.ts. Deadlines, retries and the
// request log are the shared loop's (send-with-retries.ts), which Twilio's client uses too.
import type { ApiWords, RateLimits } from "../context.ts";
import { readErrorBody, toPlatformError } from "./platform-errors.ts";
import { createRateLimits, platformRateKey } from "./rate-limits.ts";
import { createSleeper, isRateLimited, statusRetryReason, type RetryMode } from "./retry.ts";
import { defaultDeadlineMs, sendWithRetries, type RetryPolicy } from "./send-with-retries.ts";
import { buildUrl, createUndiciLoader, type RawAnswer, type WireRequest } from "./transport.ts";
import { parseTwilioError } from "./twilio-errors.ts";

export interface HttpClientOptions {
  baseUrl: string;
  timeoutMs: number;
  userAgent: string;
  /** Extra attempts after a retryable failure; default 3. */
  retries?: number;
  /** First backoff step in milliseconds; default 250 (tests pass 1). */
  retryBaseMs?: number;
  /** Overall deadline of one call, retries and waits included; default twice timeoutMs, at least 60 s. */
  deadlineMs?: number;
  debug?: (line: string) => void;
  /** The environment proxies are read from (the context's); none when absent. */
  env?: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
  /** The run's rate policies (the context's); absent: the client's own, kept by no one else. */
  rateLimits?: RateLimits;
  /** How the caller names the per-request deadline in a timeout's hint (`--timeout`, or the library's `timeoutSeconds`). */
  words?: ApiWords;
  /** Called when a request starts waiting; the returned function when it ends (the spinner). */
  onWait?: (label: string) => () => void;
}

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Below baseUrl, e.g. "/instances". */
  path: string;
  query?: Record<string, string | string[] | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
  /** When may it be retried: "idempotent" on any transient failure, "unsent-only" when it cannot have taken effect. */
  retry: RetryMode;
  /** No spinner label of its own: the caller shows what it waits for (the statuses of `send --wait`). */
  quiet?: boolean;
  /** Cuts this request short instead of the client's signal (a create whose answer is still read after an abort). */
  signal?: AbortSignal;
}

export interface HttpResponse<T = unknown> {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: T;
  requestId?: string;
}

export interface HttpClient {
  request<T>(req: HttpRequest): Promise<HttpResponse<T>>;
  close(): Promise<void>;
}

/** Makes the client every platform call goes through, with one keep-alive, proxy-aware dispatcher. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const policy: RetryPolicy = {
    retries: options.retries ?? 3,
    baseMs: options.retryBaseMs ?? 250,
    timeoutMs: options.timeoutMs,
    deadlineMs: options.deadlineMs ?? defaultDeadlineMs(options.timeoutMs),
    signal: options.signal,
    debug: options.debug,
    rate: (options.rateLimits ?? createRateLimits({ baseMs: options.retryBaseMs })).policyFor(platformRateKey(options.baseUrl)),
    service: "the platform",
    sleep: createSleeper(options.signal),
    words: options.words,
  };
  const undici = createUndiciLoader(options.timeoutMs, options.env ?? {});

  async function request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const wire = toWire(options, req);
    const { answer, attempts } = await sendWithRetries(
      await undici.load(),
      {
        wire,
        mode: req.retry,
        shown: { headers: wire.headers, body: req.body },
        requestIdOf,
        retryReasonOf: (answer) => (answer.status >= 200 && answer.status < 300 ? undefined : statusRetryReason(answer.status, req.retry, twilioCodeOf(answer))),
        rateLimitedOf: (answer) => answer.status >= 400 && isRateLimited(answer.status, twilioCodeOf(answer)),
      },
      req.signal ? { ...policy, signal: req.signal } : policy,
    );
    if (answer.status >= 200 && answer.status < 300) {
      return { status: answer.status, headers: answer.headers, body: answer.body as T, requestId: requestIdOf(answer) };
    }
    throw toPlatformError({ method: wire.method, path: wire.path, status: answer.status, body: answer.body, headers: answer.headers, attempts }, options.words);
  }

  const waiting = async <T>(req: HttpRequest): Promise<HttpResponse<T>> => {
    const done = req.quiet ? undefined : options.onWait?.(`Waiting for ${req.method} ${req.path}`);
    try {
      return await request<T>(req);
    } finally {
      done?.();
    }
  };
  return { request: waiting, close: () => undici.close() };
}

/** The Twilio error code the platform relays in an error answer, if any. */
function twilioCodeOf(answer: RawAnswer): number | undefined {
  return parseTwilioError(readErrorBody(answer.body).providerMessage)?.code;
}

/** The request as it goes on the wire: full URL, common headers, JSON body. */
function toWire(options: HttpClientOptions, req: HttpRequest): WireRequest {
  const headers: Record<string, string> = { Accept: "application/json", "User-Agent": options.userAgent, ...req.headers };
  let payload: string | undefined;
  if (req.body !== undefined) {
    payload = JSON.stringify(req.body);
    headers["Content-Type"] = "application/json";
  }
  return { method: req.method, path: req.path, url: buildUrl(options.baseUrl, req.path, req.query), headers, payload };
}

/** The platform's request id: the `Elements-Request-Id` header, else the body's `requestId`. */
function requestIdOf(answer: RawAnswer): string | undefined {
  const fromHeader = answer.headers["elements-request-id"];
  if (fromHeader) return fromHeader;
  const body = answer.body;
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const id = (body as Record<string, unknown>).requestId;
    if (typeof id === "string" && id) return id;
  }
  return undefined;
}
