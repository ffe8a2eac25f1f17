// The retry policy and the transport-failure classification, as pure functions.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyTransportError, kindOf } from "../src/api/classify.ts";
import { backoffMs, parseRetryAfter, retryDelay, statusRetryReason, transportRetryReason } from "../src/api/retry.ts";

const errorWith = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${code} happened`), { code, ...extra });

describe("which failures are retried", () => {
  it("idempotent calls retry 408, 425, 429 and 5xx gateway statuses, and nothing else", () => {
    for (const status of [408, 425, 429, 500, 502, 503, 504]) expect(statusRetryReason(status, "idempotent")).toBeDefined();
    for (const status of [400, 401, 403, 404, 409, 415, 501]) expect(statusRetryReason(status, "idempotent")).toBeUndefined();
  });

  it("a POST is retried only on 429 and Twilio 20429", () => {
    for (const status of [408, 500, 502, 503, 504]) expect(statusRetryReason(status, "unsent-only")).toBeUndefined();
    expect(statusRetryReason(429, "unsent-only")).toBeDefined();
    expect(statusRetryReason(400, "unsent-only", 20429)).toContain("20429");
    expect(statusRetryReason(400, "unsent-only", 21211)).toBeUndefined();
  });

  it("a timeout is never retried; a POST only when the connection never carried it", () => {
    expect(transportRetryReason("timeout", "idempotent")).toBeUndefined();
    expect(transportRetryReason("timeout", "unsent-only")).toBeUndefined();
    expect(transportRetryReason("reset", "idempotent")).toBeDefined();
    expect(transportRetryReason("reset", "unsent-only")).toBeUndefined();
    expect(transportRetryReason("refused", "unsent-only")).toBeDefined();
    expect(transportRetryReason("dns", "unsent-only")).toBeDefined();
    expect(transportRetryReason("tls", "idempotent")).toBeUndefined();
  });
});

describe("how long to wait", () => {
  it("reads Retry-After as seconds or an HTTP date, not cut short; negative, past, unreadable or absurd is no header", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT", now)).toBe(5000);
    for (const value of ["Tue, 31 Dec 2024 23:00:00 GMT", "-5", "soon", "1e3", "Infinity", "86401", "99999999999999999999", "Fri, 01 Jan 2100 00:00:00 GMT", "", undefined]) {
      expect(parseRetryAfter(value, now), String(value)).toBeUndefined();
    }
  });

  it("prefers the server's Retry-After over backoff", () => {
    expect(retryDelay(0, 250, "3", 0, () => 0.5)).toEqual({ ms: 3000, source: "Retry-After" });
    expect(retryDelay(2, 250, undefined, 0, () => 0.5)).toEqual({ ms: 500, source: "backoff" });
  });

  it("backoff is full jitter below base * 2^retry and never above 8 s", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 0.9999, noNaN: true }), (retry, base, r) => {
        const ms = backoffMs(retry, base, () => r);
        return ms >= 0 && ms < Math.min(8000, base * 2 ** retry) + 1 && ms <= 8000;
      }),
    );
    expect(backoffMs(20, 250, () => 0.9999)).toBeLessThanOrEqual(8000);
  });
});

describe("transport failures are classified into one actionable line", () => {
  const target = { method: "POST", path: "/instances", url: new URL("https://api.example.com/elements/api-v2/instances") };

  it("maps error codes to kinds", () => {
    const cases: [string, string][] = [
      ["ENOTFOUND", "dns"],
      ["EAI_AGAIN", "dns"],
      ["ECONNREFUSED", "refused"],
      ["ECONNRESET", "reset"],
      ["UND_ERR_SOCKET", "reset"],
      ["EPIPE", "reset"],
      ["CERT_HAS_EXPIRED", "tls"],
      ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "tls"],
      ["ERR_TLS_CERT_ALTNAME_INVALID", "tls"],
      ["DEPTH_ZERO_SELF_SIGNED_CERT", "tls"],
      ["UND_ERR_PRX_TLS", "proxy"],
      ["EWHATEVER", "other"],
    ];
    for (const [code, kind] of cases) expect([code, kindOf(errorWith(code), target.url, {})]).toEqual([code, kind]);
  });

  it("finds the code in a wrapped cause", () => {
    expect(kindOf(new Error("fetch failed", { cause: errorWith("ENOTFOUND") }), target.url, {})).toBe("dns");
  });

  it("a refused connection to the configured proxy is a proxy failure", () => {
    const env = { HTTPS_PROXY: "http://proxy.corp:3128" };
    expect(kindOf(errorWith("ECONNREFUSED", { address: "10.0.0.1", port: 3128 }), target.url, env)).toBe("proxy");
    expect(kindOf(new Error("Proxy response (407) !== 200 when HTTP Tunneling"), target.url, env)).toBe("proxy");
    expect(classifyTransportError(errorWith("ECONNREFUSED", { address: "10.0.0.1", port: 3128 }), target, env).message).toContain("HTTPS_PROXY");
  });

  it("messages say what happened and what to do", () => {
    expect(classifyTransportError(errorWith("ENOTFOUND"), target, {}).message).toMatch(/^Cannot find host api\.example\.com .*--base-url/);
    expect(classifyTransportError(errorWith("ECONNREFUSED"), target, {}).message).toContain("--base-url");
    expect(classifyTransportError(errorWith("CERT_HAS_EXPIRED"), target, {}).message).toContain("NODE_EXTRA_CA_CERTS");
    expect(classifyTransportError(errorWith("ECONNRESET"), target, {}).message).toContain("may have taken effect");
  });
});
