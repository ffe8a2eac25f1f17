// @module-tag slow: waits out real delivery times, each case a send against the emulator (npm test leaves it out; npm run test:all runs it)
// `connector send --wait`: after the send, the message is read back through the instance until
// Twilio's final status: delivered (exit 0, the statuses in order), undelivered or failed (exit 7
// with Twilio's code, message, hint and link), or the deadline (exit 6, code timeout). Against the
// emulator, whose delivery takes --delivery-ms; exit codes and messages are asserted, never times.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TWILIO_HINTS } from "../src/api/twilio-errors.ts";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.ts";
import { createPlatformClient } from "../src/api/platform.ts";
import { waitThroughInstance } from "../src/twilio/delivery.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";
import { AUTH_TOKEN, ORG_SECRET, USER_SECRET, entryFlags, usePlatform, platformEnv } from "./helpers/platform.ts";

const platform = usePlatform();
const LIFECYCLE = ["queued", "sending", "sent", "delivered"];

async function provisioned(env: NodeJS.ProcessEnv, args = entryFlags("waiting")): Promise<NodeJS.ProcessEnv> {
  const e = { ...env, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
  const run = await runInProcess(["provision", ...args, "--if-exists", "create", "--json"], e);
  expect(run.code, run.stdout).toBe(0);
  return e;
}

/** The instance token of the latest instance named `name` on the emulator. */
const latestToken = (name: string): string =>
  platform.emulator
    .instances()
    .filter((instance) => instance.name === name)
    .at(-1)?.token ?? "";

/** True when `statuses` follow the lifecycle's order, each at most once. */
function inLifecycleOrder(statuses: string[], lifecycle: string[]): boolean {
  const places = statuses.map((status) => lifecycle.indexOf(status));
  return places.every((place, i) => place >= 0 && (i === 0 || place > (places[i - 1] ?? -1)));
}

describe("connector send --wait", () => {
  it("to a normal number: exit 0, status delivered, the statuses seen in order, read through the instance", async () => {
    const env = await provisioned(platform.env);
    const token = latestToken("waiting");
    const run = await runInProcess(["send", "--to", "+15551234567", "--message", "Hello", "--wait", "--json"], env);
    expect(run.code, run.stdout).toBe(0);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ ok: true, status: "delivered", confirmed: true, to: "+15551234567", waitedMs: expect.any(Number) });
    expect(doc.statuses[0]).toBe("queued");
    expect(doc.statuses.at(-1)).toBe("delivered");
    expect(inLifecycleOrder(doc.statuses, LIFECYCLE), doc.statuses.join(",")).toBe(true);
    const reads = platform.emulator.requests.filter((r) => r.method === "GET" && r.path.endsWith(`/messages/${String(doc.sid)}`));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.headers.authorization === `User ${USER_SECRET}, Organization ${ORG_SECRET}, Element ${token}`)).toBe(true);
    expect(run.stdout).not.toContain(token);
  });

  it("from each first status of Twilio's: queued (a From), accepted (a Messaging Service), scheduled (SendAt): each waited on to delivered", async () => {
    const service = "MG0123456789abcdef0123456789abcdef";
    const env = await provisioned(platform.env);
    const fromService = await runInProcess(["send", "--to", "+15551234567", "--message", "Hello", "--from", service, "--wait", "--json"], env);
    expect(fromService.code, fromService.stdout).toBe(0);
    expect(jsonOf(fromService).statuses[0]).toBe("accepted");
    expect(jsonOf(fromService).statuses.at(-1)).toBe("delivered");
    // The CLI sends nothing scheduled, so the scheduled message is posted as Twilio's API takes one, then waited on as send --wait does.
    const token = latestToken("waiting");
    const client = createPlatformClient({ baseUrl: platform.emulator.url, credentials: { userSecret: USER_SECRET, orgSecret: ORG_SECRET }, timeoutMs: 5_000, userAgent: "test" });
    try {
      const sendAt = new Date(Date.now() + 300).toISOString();
      const scheduled = await client.sendMessage(token, "/messages", { To: "+15551234567", Body: "Later", MessagingServiceSid: service, ScheduleType: "fixed", SendAt: sendAt });
      expect(scheduled.status).toBe("scheduled");
      const delivery = await waitThroughInstance(scheduled, { client, token, messagePath: "/messages/{sid}", timeoutMs: 10_000 });
      expect(delivery.outcome).toBe("delivered");
      expect(delivery.statuses[0]).toBe("scheduled");
      expect(inLifecycleOrder(delivery.statuses, ["scheduled", "accepted", "queued", "sending", "sent", "delivered"]), delivery.statuses.join(",")).toBe(true);
    } finally {
      await client.close();
    }
  });

  it("to +15005553007: exit 7, twilioCode 30007, Twilio's words, the carrier-filtering hint and the link; sid, status and statuses beside the error", async () => {
    const env = await provisioned(platform.env);
    const run = await runInProcess(["send", "--to", "+15005553007", "--message", "Hello", "--wait", "--json"], env);
    expect(run.code).toBe(7);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ ok: false, status: "undelivered", to: "+15005553007", sid: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
    expect(doc.error).toMatchObject({ code: "provider", twilioCode: 30007, moreInfo: "https://www.twilio.com/docs/api/errors/30007" });
    expect(doc.error.hint).toBe(TWILIO_HINTS[30007]);
    expect(doc.error.hint).toMatch(/carrier filtered the message as spam/);
    expect(doc.error.message).toContain(`Twilio reports message ${doc.sid} undelivered (error 30007: Carrier violation)`);
    expect(doc.statuses.at(-1)).toBe("undelivered");
    expect(inLifecycleOrder(doc.statuses, ["queued", "sending", "sent", "undelivered"])).toBe(true);
  });

  it("a failed message (+15005553034, unregistered 10DLC) is exit 7 too, with the A2P hint; without --json the report goes to stderr", async () => {
    const env = await provisioned(platform.env);
    const run = await runInProcess(["send", "--to", "+15005553034", "--message", "Hello", "--wait"], env);
    expect(run.code).toBe(7);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/Twilio reports message SM[0-9a-f]{32} failed \(error 30034: Message from an unregistered number\)/);
    expect(run.stderr).toContain("A2P 10DLC campaign");
    expect(run.stderr).toContain("https://www.twilio.com/docs/api/errors/30034");
  });

  it("at a person's pace: one line on stdout naming the statuses; no spinner when stderr is not a terminal", async () => {
    const env = await provisioned(platform.env);
    const run = await runInProcess(["send", "--to", "+15551234567", "--message", "Hello", "--wait"], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✔ Delivered SM[0-9a-f]{32} to \+15551234567 through waiting \(id \d+\) \(queued → .*delivered, \d+\.\d s\)\.\n$/);
    expect(run.stderr).not.toContain("Waiting for");
  });

  it("--verbose logs each read of the message with every secret redacted", async () => {
    const env = await provisioned(platform.env);
    const token = latestToken("waiting");
    const run = await runInProcess(["send", "--to", "+15551234567", "--message", "Hello", "--wait", "--verbose", "--json"], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/elements\/api-v2\/messages\/SM[0-9a-f]{32}/);
    for (const secret of [token, USER_SECRET, ORG_SECRET, AUTH_TOKEN]) expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it("twiliov2 reads the message under /hubs/messaging/messages/{sid}", async () => {
    const env = await provisioned(platform.env, ["--element", "twiliov2", "--name", "hub-waiting", "--account-sid", "AC0123456789abcdef0123456789abcdef"]);
    const run = await runInProcess(["send", "--instance", "hub-waiting", "--from", "+15005550006", "--to", "+15551234567", "--message", "Hi", "--wait", "--json"], env);
    expect(run.code, run.stdout).toBe(0);
    const sid = String(jsonOf(run).sid);
    expect(platform.emulator.requests.some((r) => r.method === "GET" && r.path.endsWith(`/hubs/messaging/messages/${sid}`))).toBe(true);
  });

  it("--wait-timeout needs --wait, and a number of seconds: usage errors (exit 2) before anything is sent", async () => {
    const env = await provisioned(platform.env);
    const before = platform.emulator.messages().length;
    for (const args of [
      ["--wait-timeout", "5"],
      ["--wait", "--wait-timeout", "0"],
      ["--wait", "--wait-timeout", "soon"],
      ["--wait", "--wait-timeout", "7200"],
    ]) {
      const run = await runInProcess(["send", "--to", "+15551234567", "--message", "Hello", ...args, "--json"], env);
      expect(run.code, args.join(" ")).toBe(2);
      expect(jsonOf(run).error.message).toContain("--wait");
    }
    expect(platform.emulator.messages().length).toBe(before);
  });
});

describe("connector send --wait against an emulator slower than --wait-timeout", () => {
  let slow: RunningEmulator;
  beforeAll(async () => {
    slow = await startEmulator({ deliveryMs: 600_000 });
  });
  afterAll(() => slow.close());

  it("exits 6 with code timeout, the last status and the SID, saying the message may still arrive", async () => {
    const env = await provisioned(platformEnv(slow.url));
    const run = await runInProcess(["send", "--to", "+15551234567", "--message", "Hello", "--wait", "--wait-timeout", "0.5", "--json"], env);
    expect(run.code).toBe(6);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ ok: false, status: "queued", statuses: ["queued"], error: { code: "timeout" } });
    expect(doc.error.message).toContain(`No final status for message ${String(doc.sid)} within 0.5 s; last status: queued. The message may still arrive.`);
    expect(doc.error.hint).toContain("--wait-timeout");
    expect(slow.requests.some((r) => r.method === "GET" && r.path.endsWith(`/messages/${String(doc.sid)}`))).toBe(true);
  });
});
