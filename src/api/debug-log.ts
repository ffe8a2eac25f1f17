// The lines `--verbose` prints for each request and answer. Secrets cannot leak through them:
// Authorization is rewritten whatever it holds, bodies are masked by key (the element
// definitions say which entries are secret) and every registered secret is scrubbed.
import { ELEMENTS } from "../elements/index.ts";
import { MASK, redact, redactAuthorization, redactDeep } from "../secrets.ts";

/** Body keys whose values are always masked in logs and dry runs. */
export const SECRET_BODY_KEYS: ReadonlySet<string> = new Set([
  "token",
  "password",
  "userSecret",
  "orgSecret",
  ...ELEMENTS.flatMap((element) => element.entries.filter((entry) => entry.secret).map((entry) => entry.key)),
]);

const MAX_BODY_CHARS = 2_000;

/** Headers as they may be shown: Authorization masked, anything secret-looking scrubbed. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === "authorization") out[name] = redactAuthorization(value);
    else if (lower === "proxy-authorization" || lower === "cookie" || lower === "set-cookie") out[name] = MASK;
    else out[name] = redact(value);
  }
  return out;
}

/** A body as it may be shown: secret keys masked, registered secrets scrubbed, long bodies cut. */
export function redactBody(body: unknown): string {
  if (body === undefined || body === "") return "";
  const text = typeof body === "string" ? redact(body) : JSON.stringify(redactDeep(body, SECRET_BODY_KEYS));
  return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}… (${text.length} chars)` : text;
}

/** The log line for a request about to be sent. */
export function formatRequestLine(attempt: number, method: string, url: string, headers: Record<string, string>, body: unknown): string {
  const tryNote = attempt > 1 ? ` (attempt ${attempt})` : "";
  const shownBody = redactBody(body);
  return `→ ${method} ${redact(url)}${tryNote} headers=${JSON.stringify(redactHeaders(headers))}${shownBody ? ` body=${shownBody}` : ""}`;
}

/** The log line for an answer received. */
export function formatResponseLine(method: string, url: string, status: number, durationMs: number, requestId: string | undefined, body: unknown): string {
  const id = requestId ? ` request-id=${redact(requestId)}` : "";
  const shownBody = redactBody(body);
  return `← ${status} ${method} ${redact(url)} ${durationMs} ms${id}${shownBody ? ` body=${shownBody}` : ""}`;
}

/** The log line for an attempt that got no answer. */
export function formatFailureLine(method: string, url: string, durationMs: number, what: string): string {
  return `← ${method} ${redact(url)} failed after ${durationMs} ms: ${redact(what)}`;
}

/** The log line announcing a retry, with its reason and wait. */
export function formatRetryLine(method: string, path: string, retry: number, retries: number, reason: string, waitMs: number, source: string): string {
  return `retry ${retry}/${retries} of ${method} ${path} in ${waitMs} ms (${source}) because of ${reason}`;
}
