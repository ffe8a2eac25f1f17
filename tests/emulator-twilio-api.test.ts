// The emulator answers the Twilio reads `connector verify` makes, at its own origin, from its
// seeded account: Basic auth with the Account SID and Auth Token or an API key (the Account SID
// still in the path), Twilio's error shape, 401 (20003) for an account it does not know, and a
// Standard API key kept from the Accounts resource as Twilio documents.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.ts";
import { SEEDED_ACCOUNT } from "../src/emulator/twilio-seed.ts";
import { BIN, jsonOf, runInProcess } from "./helpers/run.ts";
import { entryFlags, platformEnv } from "./helpers/platform.ts";

const AC = SEEDED_ACCOUNT.sid;
const [STANDARD, MAIN] = SEEDED_ACCOUNT.apiKeys;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const TOKEN_AUTH = basic(AC, SEEDED_ACCOUNT.authToken);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator.close();
});

async function get(path: string, authorization?: string) {
  const response = await fetch(`${emulator.twilioApiUrl}${path}`, { headers: authorization ? { Authorization: authorization } : {} });
  return { status: response.status, headers: response.headers, json: (await response.json()) as ReturnType<typeof jsonOf> };
}

describe("the emulator's Twilio API", () => {
  it("is at the emulator's origin, beside the platform's API root", () => {
    expect(emulator.url).toBe(`${emulator.twilioApiUrl}/elements/api-v2`);
  });

  it("refuses an account it does not know, a wrong Auth Token and no Authorization as Twilio does: 401, code 20003", async () => {
    for (const authorization of [basic("AC00000000000000000000000000000000", SEEDED_ACCOUNT.authToken), basic(AC, "0123456789abcdef0123456789abcdef"), undefined, "Basic !!!"]) {
      const answer = await get(`/2010-04-01/Accounts/${AC}.json`, authorization);
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 });
      expect(answer.headers.get("www-authenticate")).toBe('Basic realm="Twilio API"');
    }
  });

  it("answers the account, its numbers (filtered by PhoneNumber), its short codes and its Messaging Service", async () => {
    expect((await get(`/2010-04-01/Accounts/${AC}.json`, TOKEN_AUTH)).json).toMatchObject({ sid: AC, friendly_name: "Acme", type: "Full", status: "active" });
    const numbers = await get(`/2010-04-01/Accounts/${AC}/IncomingPhoneNumbers.json?PhoneNumber=%2B15551230000&PageSize=20`, TOKEN_AUTH);
    expect(numbers.json.incoming_phone_numbers).toEqual([expect.objectContaining({ phone_number: "+15551230000", friendly_name: "Main line", capabilities: expect.objectContaining({ sms: true }) })]);
    expect((await get(`/2010-04-01/Accounts/${AC}/SMS/ShortCodes.json?ShortCode=55123`, TOKEN_AUTH)).json.short_codes).toEqual([expect.objectContaining({ short_code: "55123" })]);
    expect((await get(`/2010-04-01/Accounts/${AC}/SMS/ShortCodes.json?ShortCode=99999`, TOKEN_AUTH)).json.short_codes).toEqual([]);
    expect((await get("/v1/Services/MG0123456789abcdef0123456789abcdef", TOKEN_AUTH)).json).toMatchObject({ account_sid: AC, friendly_name: "Acme notifications" });
    expect(await get("/v1/Services/MG00000000000000000000000000000000", TOKEN_AUTH)).toMatchObject({ status: 404, json: { code: 20404 } });
  });

  it("shows one account's credentials nothing of another (404), and takes only GET", async () => {
    expect(await get("/2010-04-01/Accounts/ACffffffffffffffffffffffffffffffff.json", TOKEN_AUTH)).toMatchObject({ status: 404, json: { code: 20404 } });
    const posted = await fetch(`${emulator.twilioApiUrl}/2010-04-01/Accounts/${AC}.json`, { method: "POST", headers: { Authorization: TOKEN_AUTH } });
    expect(posted.status).toBe(405);
  });

  it("takes an API key with the Account SID in the path; a Standard key may not read the account (403), a Main key may", async () => {
    if (!STANDARD || !MAIN) throw new Error("the seed has two API keys");
    const standard = basic(STANDARD.sid, STANDARD.secret);
    expect(await get(`/2010-04-01/Accounts/${AC}.json`, standard)).toMatchObject({ status: 403, json: { code: 20403 } });
    expect((await get(`/2010-04-01/Accounts/${AC}/IncomingPhoneNumbers.json?PageSize=1`, standard)).status).toBe(200);
    expect((await get(`/2010-04-01/Accounts/${AC}.json`, basic(MAIN.sid, MAIN.secret))).status).toBe(200);
    expect((await get(`/2010-04-01/Accounts/${AC}.json`, basic(STANDARD.sid, "wrong-secret"))).status).toBe(401);
  });

  it("makes connector verify --twilio-api-url <emulator> pass with the seeded account, and fail with another token", async () => {
    const env = platformEnv(emulator.url, { TWILIO_AUTH_TOKEN: SEEDED_ACCOUNT.authToken });
    const run = await runInProcess(["verify", ...entryFlags("demo"), "--twilio-api-url", emulator.twilioApiUrl, "--json"], env);
    expect(run.code, run.stdout).toBe(0);
    expect(jsonOf(run)).toMatchObject({
      ok: true,
      twilioApiUrl: emulator.twilioApiUrl,
      checks: [
        { check: "credentials", status: "passed" },
        { check: "sender", status: "passed" },
      ],
    });
    const refused = await runInProcess(["verify", ...entryFlags("demo"), "--twilio-api-url", emulator.twilioApiUrl, "--json"], { ...env, TWILIO_AUTH_TOKEN: "0123456789abcdef0123456789abcdef" });
    expect(refused.code).toBe(3);
    expect(jsonOf(refused).checks[0]).toMatchObject({ status: "failed", twilioCode: 20003 });
  });
});

describe("connector emulator --json", () => {
  it("announces twilioApiUrl, the origin of its Twilio API", async () => {
    const child = spawn(process.execPath, [BIN, "emulator", "--port", "0", "--json"], { stdio: ["ignore", "pipe", "pipe"] });
    const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once("line", resolve));
    const announced = JSON.parse(line) as { url: string; twilioApiUrl: string };
    expect(announced.twilioApiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(announced.url).toBe(`${announced.twilioApiUrl}/elements/api-v2`);
    expect((await fetch(`${announced.twilioApiUrl}/2010-04-01/Accounts/${AC}.json`, { headers: { Authorization: TOKEN_AUTH } })).status).toBe(200);
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  });
});
