// The emulator's `twilio-20429` fault: Twilio's "Too Many Requests" relayed by the platform, a 429
// whose providerMessage carries Twilio's error 20429 and no Retry-After. `send` through it is
// refused after its retries with exit 7, `twilioCode: 20429` and Twilio's rate-limit hint.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeFaults, parseFaults, startEmulator, type RunningEmulator } from "../src/emulator/index.ts";
import { AUTH_TOKEN, entryFlags, platformEnv } from "./helpers/platform.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ faults: parseFaults("twilio-20429@POST /messages") });
});
afterAll(() => emulator.close());

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

  it("connector send through it exits 7 with twilioCode 20429 and the rate-limit hint, after retrying it", async () => {
    const env = platformEnv(emulator.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    expect((await runInProcess(["provision", ...entryFlags("busy"), "--no-input", "--json"], env)).code).toBe(0);
    const before = emulator.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages")).length;
    const run = await runInProcess(["send", "--to", "+15005550006", "--message", "x", "--retries", "1", "--json"], env);
    expect(run.code, run.stdout).toBe(7);
    const { error } = jsonOf(run);
    expect(error).toMatchObject({ code: "provider", twilioCode: 20429 });
    expect(error.hint).toContain("rate-limiting");
    expect(emulator.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages")).length - before).toBe(2);
    expect(emulator.messages()).toEqual([]);
  });
});
