// A 429 over real HTTP on 127.0.0.1: not a failure and not a spent retry, counted in a batch's
// summary, the end of a call (exit 6) when its Retry-After outlasts the deadline, and a
// retrying batch that prints no MaxListenersExceededWarning.
import { describe, expect, it } from "vitest";
import { createHttpClient } from "../src/api/http.ts";
import { exitCodeOf, type ApiError } from "../src/errors.ts";
import { provision, type InstanceDocument } from "../src/library.ts";
import { renderProgress } from "../src/batch/progress.ts";
import { rateLimitLine } from "../src/batch/summary.ts";
import { instanceDoc, ndjson, ndjsonOf } from "./helpers/batch.ts";
import { failureOf, json, useTestServers, type Seen } from "./helpers/http-server.ts";
import { AUTH_TOKEN, ORG_SECRET, USER_SECRET, platformEnv, usePlatform } from "./helpers/platform.ts";
import { jsonOf, runBinary, runInProcess } from "./helpers/run.ts";

const servers = useTestServers();
const platform = usePlatform();

const client = (base: string, retries: number) => createHttpClient({ baseUrl: base, timeoutMs: 2_000, userAgent: "t", retries, retryBaseMs: 1 });

/** A stand-in in front of the emulator that answers 429 to the first `k` POST /instances and passes the rest on. */
async function limitedPlatform(k: number, headers: Record<string, string>) {
  let refused = 0;
  const forward = async (seen: Seen, res: import("node:http").ServerResponse) => {
    const answer = await fetch(new URL(seen.url, platform.emulator.url), {
      method: seen.method,
      headers: Object.fromEntries(Object.entries(seen.headers).filter(([name]) => ["authorization", "content-type", "accept"].includes(name))) as Record<string, string>,
      body: seen.method === "GET" ? undefined : seen.body,
    });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    res.end(await answer.text());
  };
  const server = await servers.startServer((seen, res) => {
    if (seen.method === "POST" && seen.parsed.pathname.endsWith("/instances") && refused < k) {
      refused++;
      json(res, 429, { requestId: "r", message: "Too many requests" }, headers);
    } else void forward(seen, res);
  });
  return { server, refused: () => refused };
}

describe("a 429", () => {
  it("does not spend --retries: five 429s with --retries 1, then the answer", async () => {
    let count = 0;
    const { base, seen } = await servers.startServer((_, res) => (++count <= 5 ? json(res, 429, { message: "slow down" }, { "Retry-After": "0" }) : json(res, 200, { ok: true })));
    const res = await client(base, 1).request({ method: "POST", path: "/instances", body: {}, retry: "unsent-only" });
    expect(res.body).toEqual({ ok: true });
    expect(seen).toHaveLength(6);
  });

  it("nor does Twilio's 20429 relayed by the platform, without a Retry-After (backoff)", async () => {
    let count = 0;
    const tooMany = { message: "Provider error", providerMessage: JSON.stringify({ code: 20429, message: "Too Many Requests" }) };
    const { base, seen } = await servers.startServer((_, res) => (++count <= 3 ? json(res, 400, tooMany) : json(res, 200, { sid: "SM1" })));
    const res = await client(base, 0).request({ method: "POST", path: "/messages", body: {}, retry: "unsent-only" });
    expect(res.body).toEqual({ sid: "SM1" });
    expect(seen).toHaveLength(4);
  });

  it("whose Retry-After outlasts the deadline ends the call at once: exit 6, 'the platform asks to wait N s'", async () => {
    const { base, seen } = await servers.startServer((_, res) => json(res, 429, { message: "slow down" }, { "Retry-After": "120" }));
    const error = (await failureOf(client(base, 3).request({ method: "GET", path: "/instances", retry: "idempotent" }))) as ApiError;
    expect(seen).toHaveLength(1);
    expect(error.code).toBe("unavailable");
    expect(exitCodeOf(error)).toBe(6);
    expect(error.message).toMatch(/the platform asks to wait 120 s .*deadline of 60 s/);
  });

  it("in a batch: every instance succeeds, and --json counts the 429s", async () => {
    const limited = await limitedPlatform(7, { "Retry-After": "0" });
    const env = platformEnv(limited.server.base, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    const docs = Array.from({ length: 12 }, (_, i) => instanceDoc(`limited-${i}`));
    const run = await runInProcess(["provision", "--batch", "-", "--json", "--if-exists", "create", "--retries", "0", "--concurrency", "4"], env, ndjson(docs));
    const { items, summary } = ndjsonOf(run);
    expect(run.code, run.stderr).toBe(0);
    expect(items).toHaveLength(12);
    expect(summary).toMatchObject({ total: 12, failed: 0, created: 12, rateLimited: 7 });
    expect(limited.refused()).toBe(7);
    expect(platform.emulator.requests.filter((r) => r.method === "POST" && r.path.endsWith("/instances"))).toHaveLength(12);
  });

  it("a retrying batch prints no MaxListenersExceededWarning (one abort listener per client, not per wait)", async () => {
    const limited = await limitedPlatform(24, { "Retry-After": "0.2" });
    const env = platformEnv(limited.server.base, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    const docs = Array.from({ length: 30 }, (_, i) => instanceDoc(`listeners-${i}`));
    const run = await runBinary(["provision", "--batch", "-", "--if-exists", "create", "--concurrency", "24"], env, ndjson(docs));
    expect(run.code, run.stderr).toBe(0);
    expect(limited.refused()).toBe(24);
    expect(run.stderr).not.toMatch(/MaxListenersExceeded|listeners added/);
    expect(run.stdout).toMatch(/Rate-limited: the platform answered 429 \(too many requests\) 24 times/);
  });
});

describe("in the library", () => {
  it("a call's rate limits are its own: a pause the platform asked of one call does not hold the next", async () => {
    const limited = await limitedPlatform(1, { "Retry-After": "120" });
    const settings = { baseUrl: limited.server.base, userSecret: USER_SECRET, orgSecret: ORG_SECRET, env: { CONNECTOR_CONFIG_DIR: platform.env.CONNECTOR_CONFIG_DIR, TWILIO_AUTH_TOKEN: AUTH_TOKEN } };
    const refused = await provision(instanceDoc("library-first") as unknown as InstanceDocument, settings).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "unavailable", message: expect.stringContaining("the platform asks to wait 120 s") });
    await expect(provision(instanceDoc("library-second") as unknown as InstanceDocument, settings)).resolves.toMatchObject({ created: true });
  });
});

describe("--max-rate", () => {
  it("is a number of requests a second above 0, else a usage error (exit 2), from the flag or CONNECTOR_MAX_RATE", async () => {
    for (const [args, env] of [
      [["--max-rate", "0"], {}],
      [["--max-rate", "-1"], {}],
      [["--max-rate", "fast"], {}],
      [["--max-rate", "1e3"], {}],
      [[], { CONNECTOR_MAX_RATE: "none" }],
    ] as const) {
      const run = await runInProcess(["provision", "--batch", "-", "--json", ...args], { ...platform.env, ...env }, ndjson([instanceDoc("never")]));
      expect(run.code, JSON.stringify(args)).toBe(2);
      expect(jsonOf(run).error.message).toMatch(/--max-rate .* is not a number of requests a second above 0/);
    }
  });

  it("a valid one runs the batch", async () => {
    const run = await runInProcess(
      ["provision", "--batch", "-", "--json", "--max-rate", "50"],
      { ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN },
      ndjson([instanceDoc("capped-1"), instanceDoc("capped-2")]),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(ndjsonOf(run).summary).toMatchObject({ succeeded: 2, rateLimited: 0, rateLimitWaitMs: 0 });
  });
});

describe("what a batch says about 429s", () => {
  it("the progress bar shows the paced rate; the summary a line only when 429s came", () => {
    expect(renderProgress(10, 0, 100, 2000, 14)).toMatch(/ 5\.0\/s {2}rate-limited, 14\/s/);
    expect(renderProgress(10, 0, 100, 2000)).not.toMatch(/rate-limited/);
    expect(rateLimitLine({ rateLimited: 0, waitedMs: 0 })).toBeUndefined();
    expect(rateLimitLine({ rateLimited: 3, waitedMs: 2500 })).toMatch(/429 \(too many requests\) 3 times; requests were paused 2\.5 s/);
  });
});
