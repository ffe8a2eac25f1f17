// "Retries": --retries <n> (CONNECTOR_RETRIES, default 3) bounds the attempts of a
// request that is safe to repeat; an overall deadline bounds retries and waits; `send` is
// repeated only where the message cannot have gone (429), never after a 5xx or a reset.
import { describe, expect, it } from "vitest";
import { createHttpClient } from "../src/api/http.ts";
import { startEmulator, type FaultSpec, type RunningEmulator } from "../src/emulator/index.ts";
import { AUTH_TOKEN, entryFlags, platformEnv } from "./helpers/platform.ts";
import { useTestServers } from "./helpers/http-server.ts";
import { jsonOf, runInProcess, tempConfigDir } from "./helpers/run.ts";

async function onFaulty<T>(faults: FaultSpec[], run: (env: NodeJS.ProcessEnv, faulty: RunningEmulator) => Promise<T>): Promise<T> {
  const faulty = await startEmulator({ port: 0, faults, seed: 1 });
  try {
    return await run(platformEnv(faulty.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN }), faulty);
  } finally {
    await faulty.close();
  }
}

const count = (faulty: RunningEmulator, method: string, suffix: string) => faulty.requests.filter((r) => r.method === method && r.path.endsWith(suffix)).length;

describe("--retries and the overall deadline", () => {
  it("--retries n makes a GET on 503 be tried 1 + n times; CONNECTOR_RETRIES does the same", async () => {
    await onFaulty([{ kind: "status", status: 503, probability: 1, method: "GET" }], async (env, faulty) => {
      for (const [extra, expected] of [
        [["--retries", "0"], 1],
        [["--retries", "2"], 3],
      ] as const) {
        const before = count(faulty, "GET", "/instances");
        const run = await runInProcess(["instances", "list", "--remote", "--json", ...extra], env);
        expect(run.code).toBe(6);
        expect(jsonOf(run).error.code).toBe("unavailable");
        expect(count(faulty, "GET", "/instances") - before).toBe(expected);
      }
      const before = count(faulty, "GET", "/instances");
      await runInProcess(["instances", "list", "--remote", "--json"], { ...env, CONNECTOR_RETRIES: "1" });
      expect(count(faulty, "GET", "/instances") - before).toBe(2);
    });
  });

  it("a --retries that is not a small whole number is a usage error, exit 2", async () => {
    for (const value of ["-1", "x", "1.5", "99"]) {
      const run = await runInProcess(["instances", "list", "--json", "--retries", value], {});
      expect(run.code, value).toBe(2);
      expect(jsonOf(run).error.message).toMatch(/--retries/);
    }
  });

  it("a Retry-After that would pass the overall deadline is not waited for", async () => {
    await onFaulty([{ kind: "status", status: 503, retryAfter: "5", probability: 1 }], async (_env, faulty) => {
      const lines: string[] = [];
      const client = createHttpClient({ baseUrl: faulty.url, timeoutMs: 1_000, deadlineMs: 2_000, userAgent: "t", debug: (line) => lines.push(line) });
      const failure = await client.request({ method: "GET", path: "/instances", retry: "idempotent" }).catch((error: unknown) => error);
      await client.close();
      expect(failure).toMatchObject({ code: "unavailable", status: 503 });
      expect(count(faulty, "GET", "/instances")).toBe(1);
      expect(lines.join("\n")).toMatch(/would pass the overall deadline/);
    });
  });
});

describe("send is repeated only where the message cannot have gone", () => {
  async function provisioned(env: NodeJS.ProcessEnv): Promise<void> {
    expect((await runInProcess(["provision", ...entryFlags("sender"), "--no-input"], env)).code).toBe(0);
  }
  const send = (env: NodeJS.ProcessEnv) => runInProcess(["send", "--to", "+15551234567", "--message", "hi", "--json"], env);

  for (const [label, fault] of [
    ["a 503", { kind: "status", status: 503 }],
    ["a 502", { kind: "status", status: 502 }],
    ["a reset after sending", { kind: "reset" }],
    ["an applied message whose answer was lost", { kind: "commit-then-reset" }],
  ] as const) {
    it(`${label}: sent once, exit 6`, async () => {
      await onFaulty([{ ...fault, probability: 1, method: "POST", path: "/messages" }], async (env, faulty) => {
        await provisioned(env);
        const run = await send(env);
        expect(run.code).toBe(6);
        expect(count(faulty, "POST", "/messages")).toBe(1);
      });
    });
  }

  it("a 429: sent again after Retry-After, and the message goes once", async () => {
    await onFaulty([{ kind: "status", status: 429, retryAfter: "0", probability: 0.5, method: "POST", path: "/messages" }], async (env, faulty) => {
      await provisioned(env);
      const run = await runInProcess(["send", "--to", "+15551234567", "--message", "hi", "--json", "--retries", "10"], env);
      expect(run.code).toBe(0);
      expect(faulty.messages()).toHaveLength(1);
      expect(count(faulty, "POST", "/messages")).toBeGreaterThanOrEqual(1);
    });
  });
});

describe("one retry policy for the platform and for Twilio", () => {
  const servers = useTestServers();

  it("verify --retries n sends 1 + n requests to a Twilio that answers 503, as the platform client does", async () => {
    const twilio = await servers.startServer((_seen, res) => {
      res.writeHead(503, { "content-type": "application/json", "retry-after": "0" });
      res.end(JSON.stringify({ code: 20503, message: "Service unavailable", status: 503 }));
    });
    const env = { CONNECTOR_CONFIG_DIR: tempConfigDir(), TWILIO_API_URL: twilio.origin, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
    for (const [extra, expected] of [
      [["--retries", "0"], 1],
      [["--retries", "5"], 6],
      [[], 4],
    ] as const) {
      const before = twilio.seen.length;
      const run = await runInProcess(["verify", ...entryFlags("retried"), "--json", ...extra], env);
      expect(run.code, extra.join(" ")).toBe(6);
      expect(jsonOf(run).error.code).toBe("unavailable");
      expect(twilio.seen.length - before, extra.join(" ") || "default").toBe(expected);
    }
  });
});
