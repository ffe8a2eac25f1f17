// The one HTTP client of the program: every platform call goes through `request`, which adds the
// common headers, enforces the per-request deadline, retries what is safe to retry, logs each
// request and answer with secrets masked, and turns failures into the typed errors of errors.ts.
import { NetworkError } from "../errors.ts";
import { formatFailureLine, formatRequestLine, formatResponseLine, formatRetryLine } from "./debug-log.ts";
import { readErrorBody, toPlatformError } from "./platform-errors.ts";
import { retryDelay, sleep, statusRetryReason, transportRetryReason, type RetryMode } from "./retry.ts";
import { buildUrl, createUndiciLoader, sendOnce, type RawAnswer, type WireRequest } from "./transport.ts";
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
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
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
  const retries = options.retries ?? 3;
  const baseMs = options.retryBaseMs ?? 250;
  const deadlineMs = options.deadlineMs ?? Math.max(2 * options.timeoutMs, 60_000);
  const undici = createUndiciLoader(options.timeoutMs);
  const debug = options.debug;

  async function request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const wire = toWire(options, req);
    const loaded = await undici.load();
    const deadline = Date.now() + deadlineMs;
    for (let attempt = 1; ; attempt++) {
      debug?.(formatRequestLine(attempt, wire.method, wire.url.href, wire.headers, req.body));
      const started = Date.now();
      let answer: RawAnswer;
      try {
        answer = await sendOnce(loaded, wire, Math.max(1, Math.min(options.timeoutMs, deadline - Date.now())), options.signal);
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        debug?.(formatFailureLine(wire.method, wire.url.href, Date.now() - started, error.message));
        const reason = error.kind === "timeout" ? undefined : transportRetryReason(error.kind, req.retry);
        if (reason === undefined || attempt > retries || !(await waitBeforeRetry(attempt, reason, undefined, wire, deadline))) throw error;
        continue;
      }
      const requestId = requestIdOf(answer);
      debug?.(formatResponseLine(wire.method, wire.url.href, answer.status, answer.durationMs, requestId, answer.body));
      if (answer.status >= 200 && answer.status < 300) {
        return { status: answer.status, headers: answer.headers, body: answer.body as T, requestId };
      }
      const twilioCode = parseTwilioError(readErrorBody(answer.body).providerMessage)?.code;
      const reason = statusRetryReason(answer.status, req.retry, twilioCode);
      if (reason === undefined || attempt > retries || !(await waitBeforeRetry(attempt, reason, answer.headers["retry-after"], wire, deadline))) {
        throw toPlatformError({ method: wire.method, path: wire.path, status: answer.status, body: answer.body, headers: answer.headers, attempts: attempt });
      }
    }
  }

  /** Waits before the next attempt; false (no wait) when that attempt could not end before the overall deadline. */
  async function waitBeforeRetry(attempt: number, reason: string, retryAfter: string | undefined, wire: WireRequest, deadline: number): Promise<boolean> {
    const delay = retryDelay(attempt - 1, baseMs, retryAfter);
    if (Date.now() + delay.ms >= deadline) {
      debug?.(`no retry of ${wire.method} ${wire.path}: waiting ${delay.ms} ms (${delay.source}) would pass the overall deadline`);
      return false;
    }
    debug?.(formatRetryLine(wire.method, wire.path, attempt, retries, reason, delay.ms, delay.source));
    await sleep(delay.ms, options.signal);
    return true;
  }

  const waiting = async <T>(req: HttpRequest): Promise<HttpResponse<T>> => {
    const done = options.onWait?.(`Waiting for ${req.method} ${req.path}`);
    try {
      return await request<T>(req);
    } finally {
      done?.();
    }
  };
  return { request: waiting, close: () => undici.close() };
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
