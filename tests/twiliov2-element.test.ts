// "Elements are data": element twiliov2 (username = Account SID, password = Auth
// Token, messages at /hubs/messaging/messages) works end to end with --element, against the
// emulator, through the same --account-sid/--auth-token flags and variables as twilio.
import { describe, expect, it } from "vitest";
import { jsonOf, runInProcess } from "./helpers/run.ts";
import { ACCOUNT_SID, AUTH_TOKEN, entryFlags, usePlatform } from "./helpers/platform.ts";

const platform = usePlatform();
const env = () => ({ ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
const v2 = (name: string) => ["--element", "twiliov2", "--name", name, "--account-sid", ACCOUNT_SID];

describe("element twiliov2", () => {
  it("is listed by connector --help next to twilio", async () => {
    const run = await runInProcess(["--help"], {});
    expect(run.stdout).toMatch(/Elements:\n\s+twilio\s+Twilio SMS\n\s+twiliov2\s+Twilio \(v2\)/);
  });

  it("init --element twiliov2 writes username and the password as ${TWILIO_AUTH_TOKEN}", async () => {
    const run = await runInProcess(["init", ...v2("acme-v2"), "--out", "-", "--no-input", "--json"], env());
    expect(run.code).toBe(0);
    expect(jsonOf(run).document).toMatchObject({ element: { key: "twiliov2" }, configuration: { username: ACCOUNT_SID, password: "${TWILIO_AUTH_TOKEN}" } });
  });

  it("validate --element twiliov2 names its own entries, flags and variables when they are missing", async () => {
    const run = await runInProcess(["validate", "--element", "twiliov2", "--name", "x", "--json"], platform.env);
    expect(run.code).toBe(3);
    expect(jsonOf(run).error.problems).toEqual([
      expect.objectContaining({ key: "username", flag: "--account-sid", env: "TWILIO_ACCOUNT_SID" }),
      expect.objectContaining({ key: "password", flag: "--auth-token", env: "TWILIO_AUTH_TOKEN" }),
    ]);
  });

  it("provision --element twiliov2 POSTs exactly username and password, then send --from goes through /hubs/messaging/messages", async () => {
    const e = env();
    const made = await runInProcess(["provision", ...v2("acme-v2"), "--json"], e);
    expect(made.code).toBe(0);
    const post = platform.emulator.requests.filter((r) => r.method === "POST" && r.path.endsWith("/instances")).at(-1);
    expect(JSON.parse(post?.body ?? "{}")).toMatchObject({ element: { key: "twiliov2" }, configuration: { username: ACCOUNT_SID, password: AUTH_TOKEN } });
    expect(Object.keys(JSON.parse(post?.body ?? "{}").configuration).sort()).toEqual(["password", "username"]);
    const sent = await runInProcess(["send", "--to", "+15551234567", "--message", "hi", "--from", "+15005550006", "--json"], e);
    expect(sent.code).toBe(0);
    expect(platform.emulator.requests.at(-1)?.path).toMatch(/\/hubs\/messaging\/messages$/);
    const message = platform.emulator.messages().find((m) => m.sid === JSON.parse(sent.stdout).sid);
    expect(message?.account_sid).toBe(ACCOUNT_SID); // read from the entry the element names (username)
  });

  it("the shared --account-sid fills only the chosen element's entry: no stray username in a twilio body", async () => {
    const run = await runInProcess(["provision", ...entryFlags("plain-twilio"), "--json"], env());
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("Unknown entry");
    const post = platform.emulator.requests.filter((r) => r.method === "POST" && r.path.endsWith("/instances")).at(-1);
    expect(Object.keys(JSON.parse(post?.body ?? "{}").configuration)).not.toContain("username");
  });

  it("provision --test-to needs --test-from for twiliov2 (no configured sender), then sends from it", async () => {
    const missing = await runInProcess(["provision", ...v2("v2-test"), "--test-to", "+15551234567", "--json"], env());
    expect(missing.code).toBe(2);
    expect(jsonOf(missing).error.hint).toContain("--test-from");
    const run = await runInProcess(["provision", ...v2("v2-test"), "--test-to", "+15551234567", "--test-from", "+15005550006", "--json"], env());
    expect(run.code).toBe(0);
    expect(jsonOf(run).testMessage).toMatchObject({ status: "queued", to: "+15551234567" });
  });
});
