// The one HTTP client against real node:http servers on 127.0.0.1:0: headers, error mapping,
// deadlines, retries and the refusal to repeat a POST that may have taken effect.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createHttpClient, type HttpClientOptions } from "../src/api/http.ts";
import { ApiError, InterruptedError, NetworkError, exitCodeOf } from "../src/errors.ts";
import { failureOf, json, useTestServers } from "./helpers/http-server.ts";

const { startServer, afterThisTest } = useTestServers();

function client(base: string, extra: Partial<HttpClientOptions> = {}) {
  const made = createHttpClient({ baseUrl: base, timeoutMs: 5_000, userAgent: "connector/9.9.9", retryBaseMs: 1, ...extra });
  afterThisTest(() => made.close());
  return made;
}

describe("headers", () => {
  it("sends Accept and User-Agent always, Content-Type only with a body", async () => {
    const { base, seen } = await startServer((_, res) => json(res, 200, {}));
    const c = client(base);
    await c.request({ method: "GET", path: "/instances", headers: { Authorization: "User u, Organization o" }, retry: "idempotent" });
    await c.request({ method: "POST", path: "/instances", body: { a: 1 }, retry: "unsent-only" });
    expect(seen[0]?.url).toBe("/elements/api-v2/instances");
    expect(seen[0]?.headers).toMatchObject({ accept: "application/json", "user-agent": "connector/9.9.9", authorization: "User u, Organization o" });
    expect(seen[0]?.headers["content-type"]).toBeUndefined();
    expect(seen[1]?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(seen[1]?.body ?? "")).toEqual({ a: 1 });
  });

  it("repeats array query values and leaves out undefined ones", async () => {
    const { base, seen } = await startServer((_, res) => json(res, 200, []));
    await client(base).request({ method: "GET", path: "/instances", query: { "tags[]": ["a", "b"], searchText: undefined, pageSize: "5" }, retry: "idempotent" });
    expect(seen[0]?.url).toBe("/elements/api-v2/instances?tags%5B%5D=a&tags%5B%5D=b&pageSize=5");
  });

  it("a base URL that is not http(s) is a usage error naming --base-url", async () => {
    const error = await failureOf(client("ftp://example.com/elements/api-v2").request({ method: "GET", path: "/instances", retry: "idempotent" }));
    expect(exitCodeOf(error)).toBe(2);
    expect((error as ApiError).hint).toContain("--base-url");
  });
});

describe("platform errors map to the contract's codes", () => {
  const cases: [number, string, number][] = [
    [400, "api", 5],
    [401, "auth", 4],
    [403, "auth", 4],
    [404, "not_found", 5],
    [409, "conflict", 5],
    [415, "api", 5],
    [500, "unavailable", 6],
    [502, "unavailable", 6],
  ];
  for (const [status, code, exit] of cases) {
    it(`${status} is ${code} (exit ${exit}) with the platform's message and request id`, async () => {
      const { base } = await startServer((_, res) => json(res, status, { requestId: "req-123", message: `Platform says ${status}` }));
      const error = await failureOf(client(base, { retries: 0 }).request({ method: "GET", path: "/instances/7", retry: "idempotent" }));
      expect(error).toBeInstanceOf(ApiError);
      const apiError = error as ApiError;
      expect(apiError.code).toBe(code);
      expect(apiError.status).toBe(status);
      expect(apiError.requestId).toBe("req-123");
      expect(apiError.message).toContain(`Platform says ${status}`);
      expect(apiError.message).toContain("GET /instances/7");
      expect(exitCodeOf(apiError)).toBe(exit);
    });
  }

  it("401 hints at the platform secrets and connector login", async () => {
    const { base } = await startServer((_, res) => json(res, 401, { message: "Invalid Organization or User secret, or invalid Element token provided." }));
    const error = (await failureOf(client(base).request({ method: "GET", path: "/instances", retry: "idempotent" }))) as ApiError;
    expect(error.hint).toMatch(/CONNECTOR_USER_SECRET.*CONNECTOR_ORG_SECRET.*connector login/);
  });

  it("takes the request id from the Elements-Request-Id header when the body has none", async () => {
    const { base } = await startServer((_, res) => {
      res.writeHead(400, { "Elements-Request-Id": "hdr-9" });
      res.end("<html><body>Bad   request\n from a proxy</body></html>");
    });
    const error = (await failureOf(client(base).request({ method: "GET", path: "/x", retry: "idempotent" }))) as ApiError;
    expect(error.requestId).toBe("hdr-9");
    expect(error.message).toContain("Bad request from a proxy");
  });

  it("a redirect is refused with a hint about --base-url", async () => {
    const { base } = await startServer((_, res) => {
      res.writeHead(301, { Location: "https://example.com/elements/api-v2/instances" });
      res.end();
    });
    const error = (await failureOf(client(base).request({ method: "GET", path: "/instances", retry: "idempotent" }))) as ApiError;
    expect(error.code).toBe("api");
    expect(error.message).toContain("https://example.com/elements/api-v2/instances");
    expect(error.hint).toContain("--base-url");
  });

  it("returns the request id of a successful answer", async () => {
    const { base } = await startServer((_, res) => json(res, 200, { ok: 1 }, { "Elements-Request-Id": "ok-1" }));
    const res = await client(base).request<{ ok: number }>({ method: "GET", path: "/x", retry: "idempotent" });
    expect(res).toMatchObject({ status: 200, body: { ok: 1 }, requestId: "ok-1" });
  });
});

describe("deadlines and transport failures", () => {
  it("a request without an answer in time is a timeout naming the request and the deadline, never retried", async () => {
    const { base, seen } = await startServer(() => undefined);
    const error = await failureOf(client(base, { timeoutMs: 100 }).request({ method: "POST", path: "/instances", body: {}, retry: "unsent-only" }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).kind).toBe("timeout");
    expect(error.message).toBe("POST /instances got no answer within 0.1 s (--timeout).");
    expect(exitCodeOf(error)).toBe(6);
    expect(seen).toHaveLength(1);
  });

  it("a GET timeout is not retried either", async () => {
    const { base, seen } = await startServer(() => undefined);
    const error = await failureOf(client(base, { timeoutMs: 100 }).request({ method: "GET", path: "/instances", retry: "idempotent" }));
    expect((error as NetworkError).code).toBe("timeout");
    expect(seen).toHaveLength(1);
  });

  it("a closed port is 'connection refused' with a next step", async () => {
    const { base } = await startServer(() => undefined);
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const lines: string[] = [];
    const closed = base.replace(/:\d+\//, `:${port}/`);
    const error = await failureOf(client(closed, { debug: (l) => lines.push(l) }).request({ method: "POST", path: "/instances", body: {}, retry: "unsent-only" }));
    expect((error as NetworkError).kind).toBe("refused");
    expect(error.message).toBe(`Cannot connect to 127.0.0.1:${port} (connection refused). Is the platform URL right? Start one with: connector emulator`);
    // A refused connection never carried the POST, so it is retried.
    expect(lines.filter((l) => l.startsWith("retry "))).toHaveLength(3);
  });

  it("Ctrl-C during a request is an interruption (exit 130)", async () => {
    const controller = new AbortController();
    const { base } = await startServer(() => controller.abort());
    const error = await failureOf(client(base, { signal: controller.signal }).request({ method: "GET", path: "/slow", retry: "idempotent" }));
    expect(error).toBeInstanceOf(InterruptedError);
    expect(exitCodeOf(error)).toBe(130);
  });
});

describe("retries", () => {
  it("retries a GET on 503 and succeeds, logging each retry and why", async () => {
    let count = 0;
    const { base, seen } = await startServer((_, res) => (++count < 3 ? json(res, 503, { message: "busy" }) : json(res, 200, [])));
    const lines: string[] = [];
    const res = await client(base, { debug: (l) => lines.push(l) }).request({ method: "GET", path: "/instances", retry: "idempotent" });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith("retry "))).toEqual([expect.stringContaining("status 503"), expect.stringContaining("status 503")]);
  });

  it("gives up after the configured retries with 'unavailable' and the attempt count", async () => {
    const { base, seen } = await startServer((_, res) => json(res, 502, { message: "provider failed" }));
    const error = (await failureOf(client(base, { retries: 2 }).request({ method: "GET", path: "/instances", retry: "idempotent" }))) as ApiError;
    expect(seen).toHaveLength(3);
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain("after 3 attempts");
  });

  it("honours Retry-After in seconds", async () => {
    let count = 0;
    const { base } = await startServer((_, res) => (++count === 1 ? json(res, 429, { message: "slow down" }, { "Retry-After": "1" }) : json(res, 200, {})));
    const lines: string[] = [];
    await client(base, { debug: (l) => lines.push(l) }).request({ method: "GET", path: "/x", retry: "idempotent" });
    expect(lines.find((l) => l.startsWith("rate-limited: "))).toMatch(/^rate-limited: 429 on GET \/x; every request to the platform waits 1\d\d\d ms \(Retry-After\)/);
  });

  it("does not retry a POST that got 503: it may have taken effect", async () => {
    const { base, seen } = await startServer((_, res) => json(res, 503, { message: "busy" }));
    const error = (await failureOf(client(base).request({ method: "POST", path: "/instances", body: {}, retry: "unsent-only" }))) as ApiError;
    expect(seen).toHaveLength(1);
    expect(error.code).toBe("unavailable");
  });

  it("retries a POST that got 429 or Twilio 20429", async () => {
    let count = 0;
    const { base, seen } = await startServer((_, res) => {
      count++;
      if (count === 1) json(res, 429, { message: "Too many requests" });
      else if (count === 2) json(res, 400, { message: "Provider error", providerMessage: JSON.stringify({ code: 20429, message: "Too Many Requests" }) });
      else json(res, 200, { sid: "SM1" });
    });
    const res = await client(base).request({ method: "POST", path: "/messages", body: {}, retry: "unsent-only" });
    expect(res.body).toEqual({ sid: "SM1" });
    expect(seen).toHaveLength(3);
  });

  it("does not retry a POST whose connection was reset after sending", async () => {
    const { base, seen } = await startServer((_, _res, req) => req.socket.destroy());
    const error = await failureOf(client(base).request({ method: "POST", path: "/instances", body: {}, retry: "unsent-only" }));
    expect((error as NetworkError).kind).toBe("reset");
    expect(error.message).toContain("may have taken effect");
    expect(seen).toHaveLength(1);
  });

  it("retries a GET whose connection was reset", async () => {
    let count = 0;
    const { base, seen } = await startServer((_, res, req) => (++count === 1 ? req.socket.destroy() : json(res, 200, [])));
    const res = await client(base).request({ method: "GET", path: "/instances", retry: "idempotent" });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(2);
  });
});
