// "Contract test against Twilio's own description of its API": the preflight's
// requests (account, incoming numbers, short codes, Messaging Services) go to Prism serving
// Twilio's official OpenAPI files; a request that does not match Twilio's API gets a 422 from
// Prism and fails the check, so it fails the build. Prism answers with Twilio's own examples,
// so the preflight's reading of Twilio's answers is checked against them too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChecks, type PreflightCheck } from "../../src/twilio/checks.ts";
import { createTwilioClient } from "../../src/twilio/client.ts";
import { jsonOf, runBinary, tempConfigDir } from "../helpers/run.ts";
import { startPrism, type RunningPrism } from "./prism.ts";
import { twilioOpenApiFile } from "./twilio-openapi.ts";

const SID = "AC0123456789abcdef0123456789abcdef";
const TOKEN = "0f0e0d0c0b0a09080706050403020100";
let prism: RunningPrism;

beforeAll(async () => {
  prism = await startPrism(twilioOpenApiFile());
});
afterAll(async () => {
  await prism?.stop();
});

const verify = (sender: string) =>
  runBinary(["verify", "--account-sid", SID, "--sender", sender, "--json"], { CONNECTOR_CONFIG_DIR: tempConfigDir(), TWILIO_API_URL: prism.url, TWILIO_AUTH_TOKEN: TOKEN });

/** A check that Prism answered as Twilio would: never "Unexpected answer" (a 422 for a request Twilio's API would refuse). */
function expectUnderstood(check: PreflightCheck | undefined): void {
  expect(check, prism.log().slice(-3000)).toBeDefined();
  expect(check?.summary, `${check?.summary}\n${prism.log().slice(-3000)}`).not.toMatch(/^Unexpected answer/);
}

describe("the Twilio preflight against Twilio's OpenAPI description (Prism)", () => {
  it("GET /2010-04-01/Accounts/{AccountSid}.json with basic auth is a valid request, and Twilio's example account passes", async () => {
    const run = await verify("MG0123456789abcdef0123456789abcdef");
    const doc = jsonOf(run);
    expect(doc.checks[0]).toMatchObject({ check: "credentials", status: "passed" });
  });

  it("GET /v1/Services/{Sid} on the Messaging API is a valid request, and Twilio's example service passes", async () => {
    const run = await verify("MG0123456789abcdef0123456789abcdef");
    expect(run.code).toBe(0);
    expect(jsonOf(run).checks[1]).toMatchObject({ check: "sender", status: "passed" });
  });

  it("GET IncomingPhoneNumbers.json?PhoneNumber=&PageSize= is a valid request whose answer the check reads", async () => {
    const run = await verify("+15005550006");
    expectUnderstood(jsonOf(run).checks[1]);
  });

  it("GET SMS/ShortCodes.json?ShortCode= is a valid request, and Twilio's example short code (99990) passes", async () => {
    const run = await verify("99990");
    const sender = jsonOf(run).checks[1];
    expectUnderstood(sender);
    expect(sender.status).toBe("passed");
  });

  it("with an API key: GET IncomingPhoneNumbers.json?PageSize=1, basic auth with the key SID and the Account SID in the path, is a valid request that proves the key", async () => {
    const run = await runBinary(["verify", "--account-sid", SID, "--sender", "+15005550006", "--json"], {
      CONNECTOR_CONFIG_DIR: tempConfigDir(),
      TWILIO_API_URL: prism.url,
      TWILIO_API_KEY: "SK0123456789abcdef0123456789abcdef",
      TWILIO_API_SECRET: "contract-api-key-secret",
    });
    const [credentials] = jsonOf(run).checks;
    expectUnderstood(credentials);
    expect(credentials).toMatchObject({ check: "credentials", status: "passed", request: `GET /2010-04-01/Accounts/${SID}/IncomingPhoneNumbers.json` });
  });

  it("a request that breaks Twilio's description fails the check (the contract can fail): a malformed Account SID", async () => {
    const client = createTwilioClient({
      endpoints: { api: prism.url, messaging: prism.url },
      accountSid: "AC-not-a-sid",
      user: "AC-not-a-sid",
      secret: TOKEN,
      timeoutMs: 10_000,
      userAgent: "connector/contract",
    });
    try {
      const [credentials] = await runChecks({ accountSid: "AC-not-a-sid", authToken: TOKEN }, client);
      expect(credentials).toMatchObject({ status: "failed" });
      expect(credentials?.summary).toMatch(/^Unexpected answer 422 .*pattern/);
    } finally {
      await client.close();
    }
  });
});
