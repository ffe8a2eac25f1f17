// The emulator's `twilio-20429` fault: Twilio's "Too Many Requests" relayed by the platform, a 429
// whose providerMessage carries Twilio's error 20429 and no Retry-After. `send` through it waits
// it out (a 429 is not a failure and uses up no retry) and is sent once the limit lifts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeFaults, parseFaults, startEmulator, type RunningEmulator } from "../src/emulator/index.ts";
import { AUTH_TOKEN, entryFlags, platformEnv } from "./helpers/platform.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";

let emulator: RunningEmulator;
let sometimes: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ faults: parseFaults("twilio-20429@POST /messages") });
  sometimes = await startEmulator({ faults: parseFaults("twilio-20429:60%@POST /messages"), seed: 7 });
});
afterAll(async () => {
  await emulator.close();
  await sometimes.close();
});

describe("the twilio-20429 fault", () => {
  it("parses and is written back in the --faults syntax", () => {
    expect(parseFaults("twilio-20429:50%@POST /hubs/*")).toEqual([{ kind: "twilio-20429", probability: 0.5, method: "POST", path: "/hubs/*" }]);
    expect(describeFaults(parseFaults("twilio-20429"))).toBe("twilio-20429:1");
  });

  it("answers 429 with Twilio's 20429 in providerMessage, no Retry-After, and sends nothing", async () => {
    const response = await fetch(`${emulator.url}/messages`, {
      method: "POST",
      headers: { Authorization: "User u, Organization o, Element whatever", "Content-Type": "application/json" },
      body: JSON.stringify({ To: "+15005550006", Body: "x" }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.has("retry-after")).toBe(false);
    const body = (await response.json()) as { requestId: string; message: string; providerMessage: string };
    expect(body.requestId).toEqual(expect.any(String));
    expect(JSON.parse(body.providerMessage)).toMatchObject({ code: 20429, status: 429, more_info: "https://www.twilio.com/docs/errors/20429" });
    expect(emulator.messages()).toEqual([]);
  });

  it("connector send through it waits the 20429s out with backoff, uses up no retry, and is sent once the limit lifts", { tags: ["slow"] }, async () => {
    const env = platformEnv(sometimes.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    expect((await runInProcess(["provision", ...entryFlags("busy"), "--no-input", "--json"], env)).code).toBe(0);
    const posts = () => sometimes.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages")).length;
    for (let round = 0; round < 3; round++) {
      const before = posts();
      const run = await runInProcess(["send", "--to", "+15005550006", "--message", "x", "--retries", "0", "--json"], env);
      expect(run.code, run.stdout).toBe(0);
      expect(jsonOf(run)).toMatchObject({ ok: true, status: "queued" });
      expect(posts() - before).toBeGreaterThanOrEqual(1);
    }
    // Seed 7 refuses some of these sends at least once: the rounds above went through 20429s, with --retries 0.
    expect(sometimes.messages()).toHaveLength(3);
    expect(sometimes.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages")).length).toBeGreaterThan(3);
  });
});
