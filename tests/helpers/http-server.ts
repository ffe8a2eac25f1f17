// Real node:http servers on 127.0.0.1:0 for the tests of the HTTP client and of what the CLI
// prints about a platform's answers: each request is recorded with its whole body, then answered
// by the test's handler; servers (and whatever else a test queues) are closed after each test.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

/** One request as the server received it. */
export interface Seen {
  method: string;
  /** The request target as sent: path and query string. */
  url: string;
  /** The same target parsed, for tests that read its path or query parameters. */
  parsed: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handler = (seen: Seen, res: http.ServerResponse, req: http.IncomingMessage) => void;

export interface TestServer {
  /** `http://127.0.0.1:<port>`, for tests that build their own paths. */
  origin: string;
  /** The origin plus `/elements/api-v2`, the platform's base URL. */
  base: string;
  seen: Seen[];
}

export interface TestServers {
  /** Starts a server that records every request and answers with `handler`. */
  startServer(handler: Handler): Promise<TestServer>;
  /** Queues `cleanup` to run after this test, after the ones queued before it. */
  afterThisTest(cleanup: () => Promise<void>): void;
}

/** Registers the afterEach that closes what each test of the file started. */
export function useTestServers(): TestServers {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  const afterThisTest = (cleanup: () => Promise<void>): void => void cleanups.push(cleanup);

  async function startServer(handler: Handler): Promise<TestServer> {
    const seen: Seen[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        const url = req.url ?? "/";
        const entry = { method: req.method ?? "", url, parsed: new URL(url, "http://x"), headers: req.headers, body };
        seen.push(entry);
        handler(entry, res, req);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    // Connections a handler left hanging would otherwise keep close() waiting.
    afterThisTest(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { origin, base: `${origin}/elements/api-v2`, seen };
  }

  return { startServer, afterThisTest };
}

/** Answers `status` with `body` as JSON. */
export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** The error `promise` rejects with; the test fails if it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the promise to reject");
}
