// One attempt of one request over undici, and nothing else: no retries, no status handling.
// undici is imported on first use so that commands without network calls start fast.
import type { Dispatcher } from "undici";
import type { ApiWords } from "../context.ts";
import { ApiError, InterruptedError, NetworkError, UsageError } from "../errors.ts";
import { registerSecret } from "../secrets.ts";
import { classifyTransportError } from "./classify.ts";
import { proxyAgentOptions } from "./proxy.ts";
import { whenAborted } from "../abort.ts";

/** What came back from one attempt that got an answer. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  durationMs: number;
}

/** One request, ready to go on the wire. */
export interface WireRequest {
  method: Dispatcher.HttpMethod;
  path: string;
  url: URL;
  headers: Record<string, string>;
  payload?: string;
}

interface Undici {
  request: typeof import("./undici.ts").request;
  dispatcher: Dispatcher;
  /** The environment the proxy settings came from, to classify failures by the same settings. */
  env: NodeJS.ProcessEnv;
}

/** Loads undici once and makes the client's one dispatcher (honours `env`'s HTTP(S)_PROXY and NO_PROXY). */
export function createUndiciLoader(timeoutMs: number, env: NodeJS.ProcessEnv): { load(): Promise<Undici>; close(): Promise<void> } {
  let loaded: Promise<Undici> | undefined;
  return {
    load() {
      loaded ??= import("./undici.ts").then((undici) => ({
        request: undici.request,
        env,
        // Our own deadline fires first with a better message; undici's are only a backstop.
        dispatcher: new undici.EnvHttpProxyAgent({
          connect: { timeout: timeoutMs },
          headersTimeout: timeoutMs + 1_000,
          bodyTimeout: timeoutMs + 1_000,
          keepAliveTimeout: 10_000,
          ...proxyAgentOptions(env, undici.Pool), // NO_PROXY plus loopback; no CONNECT loop (src/api/proxy.ts)
        }),
      }));
      return loaded;
    },
    async close() {
      if (loaded) await (await loaded).dispatcher.close();
    },
  };
}

/** `base` joined with `path` and the query (arrays repeat their key, undefined is left out). */
export function buildUrl(base: string, path: string, query: Record<string, string | string[] | undefined> = {}): URL {
  const url = URL.canParse(base) ? new URL(base.replace(/\/+$/, "") + (path.startsWith("/") ? path : `/${path}`)) : undefined;
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new UsageError(
      `The platform URL ${JSON.stringify(base)} is not an http: or https: URL.`,
      "Pass --base-url (or set CONNECTOR_BASE_URL) such as https://api.openconnectors.us2.ext.hana.ondemand.com/elements/api-v2.",
    );
  }
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, item);
  }
  return url;
}

/** The seconds of a deadline as people write them: 30, 0.5. */
export function formatSeconds(ms: number): string {
  return String(Math.round(ms) / 1000);
}

/** Sends one attempt under a deadline of `timeoutMs`, also cut short by `signal` (Ctrl-C). */
export async function sendOnce(undici: Undici, wire: WireRequest, timeoutMs: number, signal?: AbortSignal, words?: ApiWords): Promise<RawAnswer> {
  const timeoutOption = words?.option("timeout") ?? "--timeout";
  if (signal?.aborted) throw interrupted(wire);
  // One controller and one timer, cleared when the answer is read: AbortSignal.timeout and
  // AbortSignal.any cost a tenth of a batch's time in the HTTP layer and linger until collected.
  const stop = new AbortController();
  const deadline = { aborted: false };
  const timer = setTimeout(() => {
    deadline.aborted = true;
    stop.abort(new DOMException("The deadline passed.", "TimeoutError"));
  }, timeoutMs).unref();
  const forget = signal ? whenAborted(signal, () => stop.abort(signal.reason)) : undefined;
  const started = Date.now();
  try {
    const res = await undici.request(wire.url, { method: wire.method, headers: wire.headers, body: wire.payload, signal: stop.signal, dispatcher: undici.dispatcher });
    const text = await readCapped(res.body, wire);
    return { status: res.statusCode, headers: flattenHeaders(res.headers), body: parseBody(text), durationMs: Date.now() - started };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (signal?.aborted) throw interrupted(wire);
    if (deadline.aborted) {
      throw new NetworkError(
        "timeout",
        `${wire.method} ${wire.path} got no answer within ${formatSeconds(timeoutMs)} s (${timeoutOption}).`,
        `Raise the deadline with ${timeoutOption === "--timeout" ? "--timeout <seconds>" : timeoutOption} or CONNECTOR_TIMEOUT, or check that the platform is reachable.`,
      );
    }
    throw classifyTransportError(error, { method: wire.method, path: wire.path, url: wire.url }, undici.env, words);
  } finally {
    clearTimeout(timer);
    forget?.();
  }
}

/** The most an answer may hold: no answer of the platform or of Twilio comes near it; an endless body stops here. */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/**
 * The body as text, refused (exit 5) once it passes MAX_ANSWER_BYTES; the rest is never read.
 * Read by its events: an async iterator per answer costs a batch more than parsing the answer.
 */
function readCapped(body: Dispatcher.ResponseData["body"], wire: WireRequest): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_ANSWER_BYTES) {
        chunks.push(chunk);
        return;
      }
      body.destroy();
      reject(
        new ApiError(
          "api",
          `The answer to ${wire.method} ${wire.path} is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB, the most connector reads; it was not read further.`,
          undefined,
          undefined,
          "Check --base-url: it should name the platform's API root, not a download.",
        ),
      );
    });
    body.on("error", reject);
    body.on("end", () => resolve(chunks.length === 1 ? (chunks[0] ?? Buffer.alloc(0)).toString("utf8") : Buffer.concat(chunks).toString("utf8")));
  });
}

function interrupted(wire: WireRequest): InterruptedError {
  const maybe = wire.method === "GET" ? "" : "; it may have reached the platform";
  return new InterruptedError(`Interrupted during ${wire.method} ${wire.path}${maybe}.`);
}

/** undici's header record with repeated headers joined, as one string per lower-case name. */
function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  return out;
}

/** JSON when it parses, else the raw text; undefined for an empty body. Tokens seen are registered. */
export function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    const body = JSON.parse(text) as unknown;
    registerTokens(body, 0);
    return body;
  } catch {
    return text;
  }
}

/** Registers every `token` value in an answer, so no output can ever print it. */
function registerTokens(value: unknown, depth: number): void {
  if (depth > 6 || !value || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const item of value) registerTokens(item, depth + 1);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key === "token" && typeof item === "string") registerSecret(item);
    else registerTokens(item, depth + 1);
  }
}
