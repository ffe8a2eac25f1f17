// An abort of a library provision against a slow platform (a loopback gate that answers each create
// 150 ms late): whenever it comes, the run ends with nothing created or with the token stored,
// never with an instance on the platform whose token is lost. The library reads an answer to a
// create already under way for a bounded grace after the abort (src/provision/create-once.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InterruptedError, getToken, provision, type Settings } from "../src/library.ts";
import { startGate, type Gate } from "./helpers/gate.ts";
import { ACCOUNT_SID, AUTH_TOKEN, ORG_SECRET, USER_SECRET, usePlatform } from "./helpers/platform.ts";

const platform = usePlatform();
let gate: Gate;
const SLOW_MS = 150;

beforeAll(async () => {
  gate = await startGate(platform.emulator.url, () => new Promise((resolve) => setTimeout(resolve, SLOW_MS)));
});
afterAll(async () => {
  await gate.close();
});

describe("aborting provision()", { tags: ["slow"] }, () => {
  it("at every 20 ms of a slow create: nothing created, or created with its token stored", async () => {
    const settings: Settings = { baseUrl: gate.url, userSecret: USER_SECRET, orgSecret: ORG_SECRET, env: { CONNECTOR_CONFIG_DIR: platform.env.CONNECTOR_CONFIG_DIR, TWILIO_AUTH_TOKEN: AUTH_TOKEN } };
    const outcomes = { nothing: 0, stored: 0 };
    for (let at = 0; at <= 300; at += 20) {
      const name = `abort-${at}`;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), at);
      const configuration = { "messaging.sms.twilio.account": ACCOUNT_SID, "messaging.sms.twilio.token": AUTH_TOKEN, "messaging.sms.twilio.sender": "+15005550006" };
      const ended = await provision({ element: { key: "twilio" }, name, configuration }, { ...settings, signal: controller.signal }).then(
        (result) => result,
        (error: unknown) => error,
      );
      clearTimeout(timer);
      const made = platform.emulator.instances().find((instance) => instance.name === name);
      if (!made) {
        expect(ended).toBeInstanceOf(InterruptedError);
        outcomes.nothing++;
        continue;
      }
      // Created: its token is in the store, whether the call resolved or was told of the abort.
      expect(await getToken(name, settings)).toBe(made.token);
      if (ended instanceof InterruptedError) expect(ended.message).toContain(`its token is stored: getToken("${name}")`);
      outcomes.stored++;
    }
    // The aborts fell both before the create and while it was under way.
    expect(outcomes.nothing).toBeGreaterThan(0);
    expect(outcomes.stored).toBeGreaterThan(0);
  });
});
