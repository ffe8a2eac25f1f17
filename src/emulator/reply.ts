// How the emulator answers: JSON bodies, an `Elements-Request-Id` on every answer, and
// errors shaped like the platform's `{requestId, message, providerMessage?}`.
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";

/** What a route returns: a status, a JSON-able body, and extra headers. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Thrown by routes to answer with a platform-style error body. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const INVALID_AUTH_MESSAGE = "Invalid Organization or User secret, or invalid Element token provided.";

/** A fresh request id (24 hex characters), like the platform's. */
export function createRequestId(): string {
  return randomBytes(12).toString("hex");
}

/** A 200 answer with `body`. */
export function ok(body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status: 200, body, headers } : { status: 200, body };
}

/** The reply for a failure: the platform's error body with the answer's request id. */
export function replyForFailure(failure: HttpFailure, requestId: string): Reply {
  return { status: failure.status, body: { requestId, message: failure.message, ...failure.extra }, headers: failure.headers };
}

/** Writes `reply` as JSON, with the request id header every platform answer carries. */
export function writeReply(res: ServerResponse, reply: Reply, requestId: string): void {
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...reply.headers,
    "Content-Type": "application/json;charset=UTF-8",
    "Content-Length": Buffer.byteLength(text),
    "Elements-Request-Id": requestId,
  });
  res.end(text);
}
