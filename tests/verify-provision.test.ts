// `provision --verify` runs the Twilio preflight first; a failed check is exit 3 with
// Twilio's code in the problems, and nothing at all reaches the platform.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTwilio, type FakeTwilio } from "./helpers/fake-twilio.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";
import { ACCOUNT_SID, AUTH_TOKEN, entryFlags, usePlatform } from "./helpers/platform.ts";

const platform = usePlatform();
let twilio: FakeTwilio;
beforeAll(async () => {
  twilio = await startFakeTwilio([{ sid: ACCOUNT_SID, token: AUTH_TOKEN, numbers: [{ phone_number: "+15005550006" }] }]);
});
afterAll(() => twilio.close());

const env = (token = AUTH_TOKEN) => ({ ...platform.env, TWILIO_AUTH_TOKEN: token, TWILIO_API_URL: twilio.url });

describe("connector provision --verify", () => {
  it("creates the instance once Twilio accepts the credentials and sender, and reports the checks", async () => {
    const run = await runInProcess(["provision", ...entryFlags("verified"), "--verify", "--json"], env());
    expect(run.code).toBe(0);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ ok: true, created: true });
    expect(doc.preflight.map((c: { status: string }) => c.status)).toEqual(["passed", "passed"]);
  });

  it("stops at Twilio's 20003 with exit 3, the entry to fix and Twilio's code, and sends nothing to the platform", async () => {
    const before = platform.emulator.requests.length;
    const run = await runInProcess(["provision", ...entryFlags("refused"), "--verify", "--json"], env("00000000000000000000000000000000"));
    expect(run.code).toBe(3);
    const doc = jsonOf(run);
    expect(doc.error.code).toBe("invalid_config");
    expect(doc.error.problems).toEqual([expect.objectContaining({ key: "messaging.sms.twilio.account", flag: "--account-sid", twilioCode: 20003 })]);
    expect(platform.emulator.requests.slice(before).filter((r) => r.method !== "GET" || r.path.endsWith("/instances"))).toEqual([]);
  });

  it("without --verify, wrong Twilio credentials reach the platform, which accepts them (the trap --verify avoids)", async () => {
    const run = await runInProcess(["provision", ...entryFlags("unverified"), "--json"], env("00000000000000000000000000000000"));
    expect(run.code).toBe(0);
  });
});
