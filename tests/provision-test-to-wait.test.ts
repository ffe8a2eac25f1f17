// `provision --test-to <number> --wait`: the test message's delivery decides. Delivered keeps the
// new instance; undelivered or failed deletes it and stores nothing (exit 7); the deadline keeps
// it and says delivery was not confirmed. An instance that existed before is never deleted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";
import { AUTH_TOKEN, entryFlags, usePlatform, platformEnv } from "./helpers/platform.ts";

const platform = usePlatform();
const env = () => ({ ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
const stored = async (e: NodeJS.ProcessEnv) => (jsonOf(await runInProcess(["instances", "list", "--json"], e)).instances as { name: string }[]).map((i) => i.name);

describe("connector provision --test-to --wait", () => {
  it("a delivered test message keeps the instance: exit 0, testMessage delivered and confirmed, with the statuses", async () => {
    const e = env();
    const run = await runInProcess(["provision", ...entryFlags("delivered"), "--test-to", "+15551234567", "--wait", "--json"], e);
    expect(run.code, run.stdout).toBe(0);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ ok: true, created: true, testMessage: { status: "delivered", confirmed: true, to: "+15551234567" } });
    expect(doc.testMessage.statuses[0]).toBe("queued");
    expect(doc.testMessage.statuses.at(-1)).toBe("delivered");
    expect(await stored(e)).toEqual(["delivered"]);
  });

  it("an undelivered test message (+15005553007) deletes the new instance, stores nothing, exit 7 with 30007 and its hint", async () => {
    const e = env();
    const run = await runInProcess(["provision", ...entryFlags("filtered"), "--test-to", "+15005553007", "--wait", "--json"], e);
    expect(run.code).toBe(7);
    const doc = jsonOf(run);
    expect(doc.error).toMatchObject({ code: "provider", twilioCode: 30007, moreInfo: "https://www.twilio.com/docs/api/errors/30007" });
    expect(doc.error.hint).toMatch(/carrier filtered/);
    expect(doc.error.message).toMatch(/^Twilio reports test message SM[0-9a-f]{32} undelivered .* was deleted and nothing was stored\.$/);
    expect(doc).toMatchObject({ status: "undelivered", sid: expect.stringMatching(/^SM/) });
    expect(platform.emulator.instances().some((i) => i.name === "filtered")).toBe(false);
    expect(await stored(e)).toEqual([]);
  });

  it("an existing instance (--if-exists skip) is kept when its test message is undelivered: exit 7, not deleted", async () => {
    const e = env();
    expect((await runInProcess(["provision", ...entryFlags("kept-before")], e)).code).toBe(0);
    const run = await runInProcess(["provision", ...entryFlags("kept-before"), "--if-exists", "skip", "--test-to", "+15005553005", "--wait", "--json"], e);
    expect(run.code).toBe(7);
    expect(jsonOf(run).error).toMatchObject({ twilioCode: 30005 });
    expect(jsonOf(run).error.message).toMatch(/was kept, not deleted/);
    expect(platform.emulator.instances().some((i) => i.name === "kept-before")).toBe(true);
    expect(await stored(e)).toEqual(["kept-before"]);
  });

  it("--wait needs --test-to, and --wait-timeout a number: usage errors (exit 2) before anything is created", async () => {
    const before = platform.emulator.instances().length;
    for (const args of [["--wait"], ["--test-to", "+15551234567", "--wait", "--wait-timeout", "-3"], ["--test-to", "+15551234567", "--wait-timeout", "3"]]) {
      const run = await runInProcess(["provision", ...entryFlags("never"), ...args, "--json"], env());
      expect(run.code, args.join(" ")).toBe(2);
      expect(jsonOf(run).error.message).toContain("--wait");
    }
    expect(platform.emulator.instances().length).toBe(before);
  });
});

describe("connector provision --test-to --wait, delivery slower than --wait-timeout", () => {
  let slow: RunningEmulator;
  beforeAll(async () => {
    slow = await startEmulator({ deliveryMs: 600_000 });
  });
  afterAll(() => slow.close());

  it("keeps the instance and says delivery was not confirmed: exit 0, confirmed false, a warning", async () => {
    const e = platformEnv(slow.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    const run = await runInProcess(["provision", ...entryFlags("unconfirmed"), "--test-to", "+15551234567", "--wait", "--wait-timeout", "0.5", "--json"], e);
    expect(run.code, run.stdout).toBe(0);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ ok: true, created: true, testMessage: { status: "queued", confirmed: false, statuses: ["queued"] } });
    expect(doc.warnings.join("\n")).toMatch(/was not confirmed within 0\.5 s \(last status queued\); it may still arrive\. The instance unconfirmed was kept\./);
    expect(slow.instances().some((i) => i.name === "unconfirmed")).toBe(true);
    expect(await stored(e)).toEqual(["unconfirmed"]);
  });
});
