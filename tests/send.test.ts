// The contract: "send", templates, Twilio's errors (exit 7), CONNECTOR_INSTANCE_TOKEN.
import { describe, expect, it } from "vitest";
import { jsonOf, runInProcess } from "./helpers/run.ts";
import { AUTH_TOKEN, REFUSED_TEST_NUMBERS, USER_SECRET, ORG_SECRET, entryFlags, usePlatform } from "./helpers/platform.ts";

const platform = usePlatform();

async function provisionExample(env: NodeJS.ProcessEnv, name = "acme-sms"): Promise<{ id: number; token: string }> {
  const text = (await import("node:fs")).readFileSync("instance.example.json", "utf8").replace("acme-sms", name);
  const doc = jsonOf(await runInProcess(["provision", "--file", "-", "--json", "--if-exists", "create"], env, text));
  const token = platform.emulator.instances().find((i) => i.id === doc.id)?.token ?? "";
  return { id: doc.id as number, token };
}

function lastMessageRequest() {
  return platform.emulator.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages")).at(-1);
}

describe("connector send", () => {
  it("POSTs {To, Body, From} to /messages with the Element token and prints sid, status, to", async () => {
    const { token } = await provisionExample(platform.env);
    const run = await runInProcess(["send", "--to", "+15551234567", "--message", "Hello", "--json"], platform.env);
    expect(run.code).toBe(0);
    expect(jsonOf(run)).toMatchObject({ ok: true, status: "queued", to: "+15551234567", sid: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
    const request = lastMessageRequest();
    expect(request?.headers.authorization).toBe(`User ${USER_SECRET}, Organization ${ORG_SECRET}, Element ${token}`);
    expect(JSON.parse(request?.body ?? "")).toEqual({ To: "+15551234567", Body: "Hello", From: "+15005550006" });
    expect(run.stdout).not.toContain(token);
  });

  it("uses MessagingServiceSid instead of From for an MG sender", async () => {
    await provisionExample(platform.env);
    const mg = "MG0123456789abcdef0123456789abcdef";
    await runInProcess(["send", "--to", "+15551234567", "--message", "Hi", "--from", mg], platform.env);
    expect(JSON.parse(lastMessageRequest()?.body ?? "")).toEqual({ To: "+15551234567", Body: "Hi", MessagingServiceSid: mg });
  });

  it("--template fills {{code}} from the stored template of that usageType", async () => {
    await provisionExample(platform.env);
    const run = await runInProcess(["send", "--to", "+15551234567", "--template", "SignIn", "--code", "424242", "--json"], platform.env);
    expect(jsonOf(run).code).toBeUndefined();
    expect(JSON.parse(lastMessageRequest()?.body ?? "").Body).toBe("Your Acme sign-in code is 424242. It expires in 10 minutes.");
  });

  it("--template falls back to Generic for a usageType without its own template", async () => {
    await provisionExample(platform.env);
    await runInProcess(["send", "--to", "+15551234567", "--template", "ForgotPassword", "--code", "111111"], platform.env);
    expect(JSON.parse(lastMessageRequest()?.body ?? "").Body).toBe("Your Acme code is 111111.");
  });

  it("without --code makes a random 6-digit code and reports it", async () => {
    await provisionExample(platform.env);
    const doc = jsonOf(await runInProcess(["send", "--to", "+15551234567", "--template", "SignIn", "--json"], platform.env));
    expect(doc.code).toMatch(/^\d{6}$/);
    expect(JSON.parse(lastMessageRequest()?.body ?? "").Body).toContain(doc.code);
  });

  it("a usageType with no template and no Generic is exit 3, nothing sent", async () => {
    await runInProcess(["provision", ...entryFlags("no-templates")], { ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    const before = platform.emulator.requests.length;
    const run = await runInProcess(["send", "--to", "+15551234567", "--template", "SignIn", "--json"], platform.env);
    expect(run.code).toBe(3);
    expect(platform.emulator.requests.length).toBe(before);
  });

  it("with several stored instances and no --instance, fails listing the candidates", async () => {
    await provisionExample(platform.env, "first");
    await provisionExample(platform.env, "second");
    const run = await runInProcess(["send", "--to", "+15551234567", "--message", "x", "--json"], platform.env);
    expect(run.code).toBe(2);
    expect(jsonOf(run).error.hint).toMatch(/first \(id \d+\).*second \(id \d+\)/);
    const chosen = await runInProcess(["send", "--to", "+15551234567", "--message", "x", "--instance", "second"], platform.env);
    expect(chosen.code).toBe(0);
  });

  it("CONNECTOR_INSTANCE_TOKEN supplies the token when nothing is stored", async () => {
    const { token } = await provisionExample({ ...platform.env, CONNECTOR_CONFIG_DIR: `${platform.env.CONNECTOR_CONFIG_DIR}-elsewhere` });
    const run = await runInProcess(["send", "--to", "+15551234567", "--message", "from CI", "--json"], { ...platform.env, CONNECTOR_INSTANCE_TOKEN: token });
    expect(run.code).toBe(0);
    expect(lastMessageRequest()?.headers.authorization).toContain(`Element ${token}`);
    expect(run.stdout + run.stderr).not.toContain(token);
  });

  it("nothing stored and no CONNECTOR_INSTANCE_TOKEN: exit 3 naming both ways out", async () => {
    const run = await runInProcess(["send", "--to", "+15551234567", "--message", "x", "--json"], platform.env);
    expect(run.code).toBe(3);
    expect(JSON.stringify(jsonOf(run).error)).toContain("CONNECTOR_INSTANCE_TOKEN");
  });

  it.each(REFUSED_TEST_NUMBERS)("Twilio test number %s: exit 7, error.code provider, twilioCode %i, a hint", async (to, twilioCode) => {
    const { token } = await provisionExample(platform.env);
    const run = await runInProcess(["send", "--to", to, "--message", "x", "--json"], platform.env);
    expect(run.code).toBe(7);
    const { error } = jsonOf(run);
    expect(error).toMatchObject({ code: "provider", twilioCode, requestId: expect.any(String) });
    expect(error.hint).toEqual(expect.any(String));
    const human = await runInProcess(["send", "--to", to, "--message", "x"], platform.env);
    expect(human.stderr).toContain(String(twilioCode));
    expect(human.stderr + run.stdout).not.toContain(token);
    expect(human.stderr + run.stdout).not.toContain(AUTH_TOKEN);
  });

  it("a number missing its + is refused with a suggestion, not fixed silently", async () => {
    await provisionExample(platform.env);
    const before = platform.emulator.requests.length;
    const run = await runInProcess(["send", "--to", "15551234567", "--message", "x"], platform.env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--to +15551234567");
    expect(platform.emulator.requests.length).toBe(before);
  });
});
