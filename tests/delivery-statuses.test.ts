// Every status Twilio documents for a message (twilio-oai's `message_enum_status`) is read by
// `send --wait` as Twilio means it; a status it does not know is named as unknown; a status that
// is not a string is an unreadable answer (exit 5), never a crash (exit 1).
import { describe, expect, it } from "vitest";
import type { TwilioMessage } from "../src/api/platform.ts";
import { waitForDelivery, waitThroughInstance } from "../src/twilio/delivery.ts";
import { MESSAGE_STATUSES, statusKind } from "../src/twilio/message-status.ts";
import { json, useTestServers } from "./helpers/http-server.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";
import { platformEnv } from "./helpers/platform.ts";

const { startServer } = useTestServers();
const SID = "SM0123456789abcdef0123456789abcdef";
const queued = { sid: SID, status: "queued", to: "+15551234567", from: "+15005550006", error_code: null, error_message: null };

/** twilio-oai's `message_enum_status`, copied from the source in its order. */
const TWILIO_OAI_STATUSES = ["queued", "sending", "sent", "failed", "delivered", "undelivered", "receiving", "received", "accepted", "scheduled", "read", "partially_delivered", "canceled"];

/** What the wait must make of each: the final outcome, or a timeout for a status that is not final. */
const EXPECTED: Record<string, "delivered" | "not_delivered" | "timeout"> = {
  queued: "timeout",
  sending: "timeout",
  sent: "timeout",
  failed: "not_delivered",
  delivered: "delivered",
  undelivered: "not_delivered",
  receiving: "timeout",
  received: "timeout",
  accepted: "timeout",
  scheduled: "timeout",
  read: "delivered",
  partially_delivered: "not_delivered",
  canceled: "not_delivered",
};

/** A platform that accepts the message with `posted` and answers every read of it with `read`. */
async function platformAnswering(posted: unknown, read: unknown) {
  const server = await startServer((seen, res) => {
    if (seen.method === "POST" && seen.parsed.pathname === "/elements/api-v2/messages") return json(res, 200, posted);
    if (seen.method === "GET" && seen.parsed.pathname === `/elements/api-v2/messages/${SID}`) return json(res, 200, read);
    json(res, 404, { requestId: "r-404", message: "No route" });
  });
  return platformEnv(server.base, { CONNECTOR_INSTANCE_TOKEN: "instance-token-for-tests" });
}

const sendWait = (env: NodeJS.ProcessEnv, ...extra: string[]) => runInProcess(["send", "--to", "+15551234567", "--message", "Hi", "--from", "+15005550006", "--wait", "--json", ...extra], env);

describe("Twilio's message statuses", () => {
  it("are exactly twilio-oai's message_enum_status, each with a meaning", () => {
    expect(Object.keys(MESSAGE_STATUSES)).toEqual(TWILIO_OAI_STATUSES);
    for (const status of TWILIO_OAI_STATUSES) expect(MESSAGE_STATUSES[status]?.means, status).toMatch(/\w/);
    expect(statusKind("toString")).toBeUndefined();
    expect(statusKind("delivering")).toBeUndefined();
  });

  it.each(TWILIO_OAI_STATUSES)("a wait that reads %s ends as Twilio means it", async (status) => {
    const delivery = await waitForDelivery({ ...queued } as TwilioMessage, { read: async () => ({ ...queued, status }) as TwilioMessage, timeoutMs: 80, pollDelaysMs: [2] });
    expect(delivery.outcome).toBe(EXPECTED[status]);
    expect(delivery.status).toBe(status);
  });

  it.each(["accepted", "scheduled", "queued"])("a wait that starts at %s (the first status of its sender type) follows it to delivered", async (first) => {
    const answers = ["sending", "sent", "delivered"];
    let reads = 0;
    const delivery = await waitForDelivery({ ...queued, status: first } as TwilioMessage, {
      read: async () => ({ ...queued, status: answers[reads++] ?? "delivered" }) as TwilioMessage,
      timeoutMs: 60_000,
      pollDelaysMs: [1],
    });
    expect(delivery).toMatchObject({ outcome: "delivered", statuses: [first, "sending", "sent", "delivered"] });
  });

  it("partially_delivered is final: exit 7, saying that only part arrived and what to do", async () => {
    const env = await platformAnswering(queued, { ...queued, status: "partially_delivered" });
    const run = await sendWait(env);
    expect(run.code, run.stdout).toBe(7);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ ok: false, status: "partially_delivered", statuses: ["queued", "partially_delivered"], error: { code: "provider" } });
    expect(doc.error.hint).toMatch(/^Only part of the message arrived \(some segments of a long message, or some recipients of a group message\)/);
  });

  it("a status connector does not know is named as unknown on the spinner line, and the deadline ends the wait with exit 6 naming it", async () => {
    const labels: string[] = [];
    const delivery = await waitThroughInstance({ ...queued } as TwilioMessage, {
      client: { getMessage: async () => ({ ...queued, status: "delivering" }) as TwilioMessage },
      token: "t",
      messagePath: "/messages/{sid}",
      timeoutMs: 60,
      progress: (label) => (labels.push(label), () => undefined),
    });
    expect(delivery).toMatchObject({ outcome: "timeout", status: "delivering" });
    expect(labels.at(-1)).toBe(`Waiting for delivery of ${SID}: queued → delivering (unknown status)`);

    const env = await platformAnswering(queued, { ...queued, status: "delivering" });
    const run = await sendWait(env, "--wait-timeout", "0.3");
    expect(run.code, run.stdout).toBe(6);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ ok: false, status: "delivering", error: { code: "timeout" } });
    expect(doc.error.message).toContain(`last status: delivering ("delivering" is not one of Twilio's message statuses, so connector cannot tell whether it is final)`);
  });
});

describe("a status that is not a string", () => {
  const ODD: [string, unknown][] = [
    ["42", 42],
    ['{"value":"sent"}', { value: "sent" }],
    ['{"toString":1}', { toString: 1 }],
  ];

  it.each(ODD)("%s in the answer to the send: exit 5, naming the field, never exit 1", async (_shown, status) => {
    const env = await platformAnswering({ ...queued, status }, queued);
    for (const wait of [[], ["--wait"]]) {
      const run = await runInProcess(["send", "--to", "+15551234567", "--message", "Hi", "--from", "+15005550006", "--json", ...wait], env);
      expect(run.code, run.stdout + run.stderr).toBe(5);
      expect(jsonOf(run).error).toMatchObject({
        code: "api",
        message: expect.stringMatching(/^The answer to POST \/messages is unreadable: its field "status" is (the number 42|an object), not a string\.$/) as unknown,
      });
    }
  });

  it.each(ODD)("%s in a read of the message: exit 5, naming the field, the message said to be sent", async (_shown, status) => {
    const env = await platformAnswering(queued, { ...queued, status });
    const run = await sendWait(env);
    expect(run.code, run.stdout + run.stderr).toBe(5);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ ok: false, sid: SID, status: "queued", error: { code: "api" } });
    expect(doc.error.message).toMatch(
      new RegExp(`^Message ${SID} was sent, but reading it back failed: The answer to the read is unreadable: its field "status" is (the number 42|an object), not a string\\.$`),
    );
  });

  it("without --json too: the person reads the same words, and no stack", async () => {
    const env = await platformAnswering({ ...queued, status: { toString: 1 } }, queued);
    const run = await runInProcess(["send", "--to", "+15551234567", "--message", "Hi", "--from", "+15005550006"], env);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('its field "status" is an object, not a string');
    expect(run.stderr).not.toMatch(/Cannot convert|at .*\.ts:\d+/);
  });
});
