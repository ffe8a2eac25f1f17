// "Twilio preflight": `connector verify` asks Twilio (here a local fake) about the
// credentials and the sender, reports each check with Twilio's code and a hint, exits 3 when
// one fails and 6 when Twilio cannot be reached, and never prints the Auth Token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveMessagingUrl, resolveTwilioEndpoints } from "../src/twilio/endpoints.ts";
import { closedPort, startFakeTwilio, type FakeTwilio } from "./helpers/fake-twilio.ts";
import { jsonOf, runBinary, runInProcess, tempConfigDir } from "./helpers/run.ts";

const SID = "AC0123456789abcdef0123456789abcdef";
const TOKEN = "0f0e0d0c0b0a09080706050403020100";
/** The Auth Token written in instance.example.json: not this account's. */
const FILE_TOKEN = "5f4dcc3b5aa765d61d8327deb882cf99";
const SERVICE = "MGabcdefabcdefabcdefabcdefabcdefab";
let twilio: FakeTwilio;

beforeAll(async () => {
  twilio = await startFakeTwilio([{ sid: SID, token: TOKEN, numbers: [{ phone_number: "+15551230000" }, { phone_number: "+15551239999", sms: false }], shortCodes: ["45678"], services: [SERVICE] }]);
});
afterAll(() => twilio.close());

const env = (extra: NodeJS.ProcessEnv = {}) => ({ CONNECTOR_CONFIG_DIR: tempConfigDir(), TWILIO_API_URL: twilio.url, TWILIO_AUTH_TOKEN: TOKEN, ...extra });
const verify = (sender: string, extra: NodeJS.ProcessEnv = {}, more: string[] = []) => runInProcess(["verify", "--account-sid", SID, "--sender", sender, "--json", ...more], env(extra));

describe("connector verify", () => {
  it("passes valid credentials and an SMS number of the account, with basic auth on GET /Accounts/{sid}.json (exit 0)", async () => {
    const run = await verify("+15551230000");
    expect(run.code).toBe(0);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ ok: true, element: "twilio", twilioApiUrl: twilio.url });
    expect(doc.checks.map((c: { check: string; status: string }) => [c.check, c.status])).toEqual([
      ["credentials", "passed"],
      ["sender", "passed"],
    ]);
    const account = twilio.requests.find((r) => r.path === `/2010-04-01/Accounts/${SID}.json`);
    expect(account?.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`);
    const numbers = twilio.requests.find((r) => r.path.endsWith("/IncomingPhoneNumbers.json"));
    expect(numbers?.query.get("PhoneNumber")).toBe("+15551230000");
  });

  it("fails bad credentials with Twilio's 20003 and a hint, skips the sender, exits 3", async () => {
    const run = await verify("+15551230000", { TWILIO_AUTH_TOKEN: "0123456789abcdef0123456789abcdef" });
    expect(run.code).toBe(3);
    const doc = jsonOf(run);
    expect(doc.ok).toBe(false);
    expect(doc.checks[0]).toMatchObject({ check: "credentials", status: "failed", twilioCode: 20003 });
    expect(doc.checks[0].hint).toContain("TWILIO_AUTH_TOKEN");
    expect(doc.checks[1]).toMatchObject({ check: "sender", status: "skipped" });
    expect(doc.error).toMatchObject({ code: "invalid_config" });
    expect(doc.error.problems[0]).toMatchObject({ key: "messaging.sms.twilio.account", problem: "invalid", twilioCode: 20003 });
  });

  it.each([
    ["a number the account does not have", "+15557654321", 21606],
    ["a number that cannot send SMS", "+15551239999", 21606],
    ["a short code of another account", "99999", 21606],
    ["an unknown Messaging Service", "MG00000000000000000000000000000000", 20404],
  ])("fails %s as the sender with Twilio's code (exit 3)", async (_what, sender, code) => {
    const run = await verify(sender);
    expect(run.code).toBe(3);
    const sent = jsonOf(run).checks[1];
    expect(sent).toMatchObject({ check: "sender", status: "failed", twilioCode: code });
    expect(sent.hint).toBeTruthy();
  });

  it.each([
    ["a Messaging Service of the account", SERVICE],
    ["a short code of the account", "45678"],
  ])("passes %s", async (_what, sender) => {
    const run = await verify(sender);
    expect(run.code).toBe(0);
    expect(jsonOf(run).checks[1]).toMatchObject({ check: "sender", status: "passed" });
  });

  it("skips an alphanumeric sender ID, which Twilio's API cannot confirm", async () => {
    const run = await verify("ACME");
    expect(run.code).toBe(0);
    expect(jsonOf(run).checks[1]).toMatchObject({ status: "skipped" });
  });

  it("asks --twilio-messaging-url for Messaging Services when it is given", async () => {
    const run = await verify(SERVICE, {}, ["--twilio-messaging-url", "http://127.0.0.1:9/none"]);
    expect(run.code).toBe(6);
    expect(jsonOf(run).error.message).toContain("127.0.0.1:9");
  });

  it("reports unreachable Twilio as a network error (exit 6) naming --twilio-api-url", async () => {
    const run = await runInProcess(["verify", "--account-sid", SID, "--sender", "+15551230000", "--json"], env({ TWILIO_API_URL: `http://127.0.0.1:${await closedPort()}` }));
    expect(run.code).toBe(6);
    const doc = jsonOf(run);
    expect(doc.error).toMatchObject({ code: "network", kind: "refused" });
    expect(doc.error.hint).toContain("--twilio-api-url");
  });

  it("refuses missing or invalid Twilio entries before asking Twilio (exit 3), and ignores a missing name", async () => {
    const before = twilio.requests.length;
    const run = await runInProcess(["verify", "--sender", "+15551230000", "--json"], env({ TWILIO_AUTH_TOKEN: "nope" }));
    expect(run.code).toBe(3);
    const keys = jsonOf(run)
      .error.problems.map((p: { key: string }) => p.key)
      .sort();
    expect(keys).toEqual(["messaging.sms.twilio.account", "messaging.sms.twilio.token"]);
    expect(twilio.requests.length).toBe(before);
  });

  it("checks a twiliov2 instance's username and password, with no sender to check", async () => {
    const run = await runInProcess(["verify", "--element", "twiliov2", "--account-sid", SID, "--json"], env());
    expect(run.code).toBe(0);
    expect(jsonOf(run).checks.map((c: { status: string }) => c.status)).toEqual(["passed", "skipped"]);
  });

  it("prints each check for people and never the Auth Token, even with --verbose (built binary)", async () => {
    const good = await runBinary(["verify", "--file", "instance.example.json", "--sender", "+15551230000", "--verbose"], env());
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/✔ credentials +Account AC0123456789abcdef0123456789abcdef \("Acme"\), Full, active/);
    expect(good.stdout).toMatch(/✔ sender +\+15551230000 \("Main line"\) is an SMS-capable number/);
    const bad = await runBinary(["verify", "--file", "instance.example.json", "--verbose"], env({ TWILIO_AUTH_TOKEN: "" }));
    // the file's own token is not this account's: 20003
    expect(bad.code).toBe(3);
    expect(bad.stdout).toMatch(/✖ credentials +Twilio rejected the Account SID and Auth Token \(Twilio error 20003: Authenticate\)/);
    for (const run of [good, bad]) {
      for (const secret of [TOKEN, FILE_TOKEN, Buffer.from(`${SID}:${TOKEN}`).toString("base64")]) {
        expect(run.stdout + run.stderr).not.toContain(secret);
      }
    }
  });
});

describe("Twilio endpoints", () => {
  it("derive the Messaging host from Twilio's API host (regional too); any other host serves both", () => {
    expect(resolveTwilioEndpoints({}, {})).toEqual({ api: "https://api.twilio.com", messaging: "https://messaging.twilio.com" });
    expect(deriveMessagingUrl("https://api.dublin.ie1.twilio.com")).toBe("https://messaging.dublin.ie1.twilio.com");
    expect(deriveMessagingUrl("http://127.0.0.1:4010")).toBe("http://127.0.0.1:4010");
    expect(resolveTwilioEndpoints({ twilioApiUrl: "http://127.0.0.1:1/" }, { TWILIO_MESSAGING_URL: "http://127.0.0.1:2" })).toEqual({ api: "http://127.0.0.1:1", messaging: "http://127.0.0.1:2" });
  });

  it("refuses a URL that is not http: or https: as a usage error naming the flag", () => {
    expect(() => resolveTwilioEndpoints({}, { TWILIO_API_URL: "ftp://x" })).toThrow(/--twilio-api-url/);
  });
});
