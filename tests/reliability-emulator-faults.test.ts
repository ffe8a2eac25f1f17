// "Fault injection in the emulator": --latency, --faults and --seed. Each kind does
// what it says (an error status applies nothing, commit-then-reset applies and then drops the
// connection), the route filter and probabilities hold, and a seed repeats a run exactly.
import { describe, expect, it } from "vitest";
import { describeFaults, parseFaults, parseLatency, startEmulator, type FaultSpec, type RunningEmulator } from "../src/emulator/index.ts";
import { runBinary } from "./helpers/run.ts";

const AUTH = { Authorization: "User u, Organization o", "Content-Type": "application/json" };
const BODY = JSON.stringify({
  element: { key: "twilio" },
  name: "faulty",
  configuration: {
    "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef",
    "messaging.sms.twilio.token": "fedcba9876543210fedcba9876543210",
    "messaging.sms.twilio.sender": "+15005550006",
  },
});

async function withEmulator<T>(faults: FaultSpec[] | string, run: (emulator: RunningEmulator) => Promise<T>, extra: { seed?: number; latencyMs?: number | [number, number] } = {}): Promise<T> {
  const emulator = await startEmulator({ port: 0, faults: typeof faults === "string" ? parseFaults(faults) : faults, ...extra });
  try {
    return await run(emulator);
  } finally {
    await emulator.close();
  }
}

const post = (emulator: RunningEmulator) => fetch(`${emulator.url}/instances`, { method: "POST", headers: AUTH, body: BODY });
/** What an unfaulted GET /instances answers on an empty emulator: the platform's "No instances found". */
const EMPTY_LIST = 404;
const list = (emulator: RunningEmulator) => fetch(`${emulator.url}/instances`, { headers: AUTH });
const outcome = (promise: Promise<Response>) =>
  promise.then(
    (r) => r.status,
    () => "dropped" as const,
  );

describe("emulator fault injection", () => {
  it("503 answers a platform error body with Elements-Request-Id and creates nothing", async () => {
    await withEmulator("503", async (emulator) => {
      const response = await post(emulator);
      expect(response.status).toBe(503);
      expect(response.headers.get("elements-request-id")).toMatch(/^[0-9a-f]{24}$/);
      expect(await response.json()).toMatchObject({ message: expect.stringContaining("injected") as unknown, requestId: expect.any(String) as unknown });
      expect(emulator.instances()).toHaveLength(0);
      expect(emulator.injected).toEqual([{ fault: "503", method: "POST", path: "/elements/api-v2/instances" }]);
    });
  });

  it("429 sends Retry-After in seconds (default 1, or the given value) or as an HTTP date", async () => {
    await withEmulator("429=3@/instances,429=date@/elements/*,429@/hubs/*", async (emulator) => {
      expect((await list(emulator)).headers.get("retry-after")).toBe("3");
      const dated = (await fetch(`${emulator.url}/elements/twilio`, { headers: AUTH })).headers.get("retry-after") ?? "";
      expect(Date.parse(dated)).toBeGreaterThan(Date.now() - 2_000);
      expect((await fetch(`${emulator.url}/hubs/messaging/messages`, { headers: AUTH })).headers.get("retry-after")).toBe("1");
    });
  });

  it("429=none (and 503=none) answers without Retry-After, as Twilio's 429 does; the banner writes it back the same way", async () => {
    const faults = parseFaults("429=none@/instances,503=none@/elements/*");
    expect(faults).toEqual([
      { kind: "status", status: 429, retryAfter: "none", probability: 1, path: "/instances" },
      { kind: "status", status: 503, retryAfter: "none", probability: 1, path: "/elements/*" },
    ]);
    expect(describeFaults(faults)).toBe("429=none:1@/instances,503=none:1@/elements/*");
    await withEmulator(faults, async (emulator) => {
      const limited = await list(emulator);
      expect(limited.status).toBe(429);
      expect(limited.headers.has("retry-after")).toBe(false);
      const unavailable = await fetch(`${emulator.url}/elements/twilio`, { headers: AUTH });
      expect(unavailable.status).toBe(503);
      expect(unavailable.headers.has("retry-after")).toBe(false);
    });
  });

  it("reset drops the connection before applying; commit-then-reset applies, then drops", async () => {
    await withEmulator("reset@POST /instances", async (emulator) => {
      expect(await outcome(post(emulator))).toBe("dropped");
      expect(emulator.instances()).toHaveLength(0);
    });
    await withEmulator("commit-then-reset@POST /instances", async (emulator) => {
      expect(await outcome(post(emulator))).toBe("dropped");
      expect(emulator.instances().map((i) => i.name)).toEqual(["faulty"]);
    });
  });

  it("hang never answers (until the client gives up) and applies nothing", async () => {
    await withEmulator("hang@POST", async (emulator) => {
      const result = await outcome(fetch(`${emulator.url}/instances`, { method: "POST", headers: AUTH, body: BODY, signal: AbortSignal.timeout(300) }));
      expect(result).toBe("dropped");
      expect(emulator.instances()).toHaveLength(0);
      expect((await list(emulator)).status).toBe(EMPTY_LIST); // GET is not on the route
    });
  });

  it("a route filter limits a fault to its method and path", async () => {
    await withEmulator("500@POST /instances", async (emulator) => {
      expect((await list(emulator)).status).toBe(EMPTY_LIST);
      expect((await post(emulator)).status).toBe(500);
    });
  });

  it("the same seed injects the same faults in the same places; the rate follows the probability", async () => {
    const pattern = (seed: number) =>
      withEmulator(
        "503:0.3",
        async (emulator) => {
          const statuses: number[] = [];
          for (let i = 0; i < 200; i++) statuses.push((await list(emulator)).status);
          return statuses;
        },
        { seed },
      );
    const first = await pattern(7);
    expect(await pattern(7)).toEqual(first);
    expect(await pattern(8)).not.toEqual(first);
    const failed = first.filter((status) => status === 503).length;
    expect(failed).toBeGreaterThan(30); // 60 expected of 200
    expect(failed).toBeLessThan(95);
  });

  it("--latency delays answers by a fixed value or a range drawn per request", async () => {
    expect(parseLatency("40")).toBe(40);
    expect(parseLatency("20-200")).toEqual([20, 200]);
    await withEmulator(
      [],
      async (emulator) => {
        const started = Date.now();
        await list(emulator);
        expect(Date.now() - started).toBeGreaterThanOrEqual(50);
      },
      { latencyMs: [50, 60] },
    );
  });

  it("parses the documented --faults syntax", () => {
    expect(parseFaults("503:0.1, reset:5%@POST /instances,commit-then-reset:0.1,429=2:0.05@/instances/*,hang")).toEqual([
      { kind: "status", status: 503, probability: 0.1 },
      { kind: "reset", probability: 0.05, method: "POST", path: "/instances" },
      { kind: "commit-then-reset", probability: 0.1 },
      { kind: "status", status: 429, retryAfter: "2", probability: 0.05, path: "/instances/*" },
      { kind: "hang", probability: 1 },
    ]);
  });

  it("connector emulator rejects a bad --faults, --latency or --seed with exit 2 naming the problem", async () => {
    for (const [flag, value, words] of [
      ["--faults", "504x", /"504x" is not a fault/],
      ["--faults", "503:1.5", /between 0 and 1/],
      ["--faults", "reset=2", /only 429 and 503 take a parameter/],
      ["--faults", "429=never", /whole seconds, "date" or "none"/],
      ["--latency", "fast", /--latency fast is not a delay/],
      ["--seed", "-1", /--seed -1 is not a whole number/],
    ] as const) {
      const run = await runBinary(["emulator", "--port", "0", flag, value, "--json"], {});
      expect(run.code, `${flag} ${value}`).toBe(2);
      expect(JSON.parse(run.stdout.trim()).error.message).toMatch(words);
    }
  });
});
