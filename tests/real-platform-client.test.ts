// The client against a stand-in that behaves as the platform's own sources say (the stand-in is
// tests/helpers/stand-in-platform.ts, written without the client's code or the emulator), one
// behaviour at a time: element metadata it may not read, tags as objects, the name among the
// tags, names it changes, hidden platform entries, Twilio's refusals as text, and answers of
// unexpected shapes.
import { describe, expect, it } from "vitest";
import { useTestServers } from "./helpers/http-server.ts";
import { AUTH_TOKEN, entryFlags, platformEnv } from "./helpers/platform.ts";
import { scriptedPrompter } from "./helpers/prompts.ts";
import { jsonOf, runInProcess, type RunResult } from "./helpers/run.ts";
import { HIDDEN_PLATFORM_ENTRIES, startStandInPlatform, type StandInBehaviour, type StandInPlatform } from "./helpers/stand-in-platform.ts";

const servers = useTestServers();

interface Setup {
  platform: StandInPlatform;
  run: (args: string[]) => Promise<RunResult>;
  /** The stored record of `name`, without its token (`instances show --json`). */
  stored: (name: string) => Promise<Record<string, unknown> | undefined>;
}

async function setUp(behaviour: StandInBehaviour = {}): Promise<Setup> {
  const platform = await startStandInPlatform(servers, behaviour);
  const env = platformEnv(platform.server.base, { TWILIO_AUTH_TOKEN: AUTH_TOKEN, CONNECTOR_RETRIES: "1" });
  const run = (args: string[]) => runInProcess(args, env);
  const stored = async (name: string) => {
    const shown = await run(["instances", "show", name, "--json"]);
    return shown.code === 0 ? (jsonOf(shown).instance as Record<string, unknown>) : undefined;
  };
  return { platform, run, stored };
}

const posts = (platform: StandInPlatform) => platform.server.seen.filter((s) => s.method === "POST" && s.parsed.pathname.endsWith("/instances"));
const onlyInstance = (platform: StandInPlatform) => [...platform.instances.values()][0];

describe("element metadata the user may not read", () => {
  it.each([403, 401, 405])("a %i on GET /elements/{key}/configuration is one warning, and the built-in definition provisions (never exit 4)", async (status) => {
    const { platform, run } = await setUp({ elementsStatus: status });
    const result = await run(["provision", ...entryFlags("least-privilege"), "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf(result).warnings.filter((w: string) => /element metadata|metadata of element/i.test(w))).toHaveLength(1);
    expect(platform.instances.size).toBe(1);
  });

  it("a batch warns once, not once per instance", async () => {
    const { platform } = await setUp({ elementsStatus: 403 });
    const env = platformEnv(platform.server.base, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    const lines = ["b-1", "b-2", "b-3"].map((name) =>
      JSON.stringify({
        element: { key: "twilio" },
        name,
        configuration: { "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef", "messaging.sms.twilio.token": "${TWILIO_AUTH_TOKEN}", "messaging.sms.twilio.sender": "+15005550006" },
      }),
    );
    const result = await runInProcess(["provision", "--batch", "-", "--json"], env, lines.join("\n") + "\n");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.match(/element metadata|metadata of element/gi) ?? []).toHaveLength(1);
    expect(platform.instances.size).toBe(3);
  });
});

describe("tags as the platform answers them", () => {
  it("reads the names of tags answered as objects {id, name}, and keeps the operation marker out of them", async () => {
    const { run, stored } = await setUp({ postTagsAsObjects: true, nameInTags: false });
    const result = await run(["provision", ...entryFlags("object-tags"), "--tag", "prod", "--tag", "eu", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf(result).tags).toEqual(["prod", "eu"]);
    expect(await stored("object-tags")).toMatchObject({ tags: ["prod", "eu"], operationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it("reads tags answered as objects in the GET and PATCH answers of an update and a remote list too", async () => {
    const asObjects = (answer: Record<string, unknown>) => ({ ...answer, tags: (answer.tags as string[]).map((name, i) => ({ id: 12 + i, name })) });
    const { platform, run, stored } = await setUp({ reshape: asObjects });
    expect((await run(["provision", ...entryFlags("object-everywhere"), "--tag", "prod", "--json"])).code).toBe(0);
    const updated = await run(["provision", ...entryFlags("object-everywhere"), "--tag", "prod", "--tag", "eu", "--if-exists", "update", "--json"]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(jsonOf(updated)).toMatchObject({ action: "updated", tags: ["prod", "eu"] });
    expect(onlyInstance(platform)?.tags.filter((tag) => tag === "object-everywhere")).toHaveLength(1);
    expect(await stored("object-everywhere")).toMatchObject({ tags: ["prod", "eu"], operationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const listed = jsonOf(await run(["instances", "list", "--remote", "--json"]));
    expect(listed.instances[0].tags).toEqual(["prod", "eu"]);
  });

  it("never shows the name the platform adds to the tags as a tag the user set", async () => {
    const { platform, run, stored } = await setUp();
    const result = await run(["provision", ...entryFlags("acme-sms"), "--tag", "prod", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(onlyInstance(platform)?.tags).toContain("acme-sms");
    expect(jsonOf(result).tags).toEqual(["prod"]);
    expect((await stored("acme-sms"))?.tags).toEqual(["prod"]);
    const listed = jsonOf(await run(["instances", "list", "--remote", "--json"]));
    expect(listed.instances[0].tags).toEqual(["prod"]);
  });

  it("--if-exists update neither drops nor duplicates the name among the platform's tags", async () => {
    const { platform, run, stored } = await setUp();
    expect((await run(["provision", ...entryFlags("acme-sms"), "--tag", "prod", "--json"])).code).toBe(0);
    const updated = await run(["provision", ...entryFlags("acme-sms"), "--tag", "prod", "--tag", "eu", "--if-exists", "update", "--json"]);
    expect(updated.code, updated.stderr).toBe(0);
    const tags = onlyInstance(platform)?.tags ?? [];
    expect(tags.filter((tag) => tag === "acme-sms")).toHaveLength(1);
    expect(tags).toEqual(expect.arrayContaining(["prod", "eu"]));
    expect(jsonOf(updated).tags).toEqual(["prod", "eu"]);
    expect((await stored("acme-sms"))?.tags).toEqual(["prod", "eu"]);
  });

  it("a user who tags the instance with its own name keeps that tag, and an update sends it once", async () => {
    const { platform, run, stored } = await setUp();
    const created = await run(["provision", ...entryFlags("self-tagged"), "--tag", "self-tagged", "--tag", "prod", "--json"]);
    expect(created.code, created.stderr).toBe(0);
    expect([...jsonOf(created).tags].sort()).toEqual(["prod", "self-tagged"]);
    const updated = await run(["provision", ...entryFlags("self-tagged"), "--tag", "self-tagged", "--tag", "prod", "--tag", "eu", "--if-exists", "update", "--json"]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(onlyInstance(platform)?.tags.filter((tag) => tag === "self-tagged")).toHaveLength(1);
    expect([...((await stored("self-tagged"))?.tags as string[])].sort()).toEqual(["eu", "prod", "self-tagged"]);
  });
});

describe("names the platform changes", () => {
  it("refuses a name holding markup (< or >) with exit 3 saying why, before anything is sent", async () => {
    const { platform, run } = await setUp();
    const result = await run(["provision", ...entryFlags("<b>acme</b>"), "--json"]);
    expect(result.code).toBe(3);
    const problem = jsonOf(result).error.problems.find((p: { key: string }) => p.key === "name");
    expect(problem).toMatchObject({ problem: "invalid", flag: "--name" });
    expect(problem.message).toMatch(/markup|[<>]/);
    expect(posts(platform)).toHaveLength(0);
  });

  it("says so when the platform answers with another name than the one sent, and stores the platform's", async () => {
    const { run, stored } = await setUp({ rename: (name) => name.toLowerCase() });
    const result = await run(["provision", ...entryFlags("Acme-SMS"), "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf(result).name).toBe("acme-sms");
    expect(jsonOf(result).warnings.join("\n")).toMatch(/"acme-sms".*"Acme-SMS"|"Acme-SMS".*"acme-sms"/);
    expect(jsonOf(result).warnings.join("\n")).toMatch(/would create another instance/);
    expect(await stored("acme-sms")).toMatchObject({ name: "acme-sms" });
  });
});

/** A callback URL entry the console shows and the platform requires (the client's definition has it optional). */
const REQUIRED_CALLBACK = {
  key: "messaging.sms.twilio.callback.url",
  name: "Callback URL",
  type: "TEXTFIELD_1000",
  required: true,
  defaultValue: "",
  hideFromConsole: false,
  internal: false,
  displayOrder: 5,
};

describe("hidden platform entries", () => {
  it("never requires nor pins into the body the entries the platform hides from the console (hideFromConsole)", async () => {
    const { platform, run } = await setUp({ configuration: HIDDEN_PLATFORM_ENTRIES });
    const result = await run(["provision", ...entryFlags("hidden-entries"), "--json"]);
    expect(result.code, result.stdout).toBe(0);
    const sent = JSON.parse(posts(platform)[0]?.body ?? "{}") as { configuration: Record<string, string> };
    expect(Object.keys(sent.configuration)).not.toEqual(expect.arrayContaining(["base.url"]));
    expect(Object.keys(sent.configuration).filter((key) => ["base.url", "pagination.type", "event.notification.signature.key"].includes(key))).toEqual([]);
  });

  it("at a terminal, asks once for each visible entry the platform requires, never for its hidden ones nor again for an answer given", async () => {
    const callback = REQUIRED_CALLBACK;
    const platform = await startStandInPlatform(servers, { configuration: [...HIDDEN_PLATFORM_ENTRIES, callback] });
    const person = scriptedPrompter([
      [/Auth Token/, AUTH_TOKEN, AUTH_TOKEN],
      [/callback URL/i, "https://example.com/status"],
    ]);
    const result = await runInProcess(["provision", ...entryFlags("asked-at-terminal")], platformEnv(platform.server.base, { NO_COLOR: "1" }), "", person);
    expect(result.code, result.stderr).toBe(0);
    // The Auth Token before the platform's metadata is read, the callback URL it requires after; no "(optional)" for a required entry.
    expect(person.asked.map(({ message, masked }) => `${message}${masked ? " (masked)" : ""}`)).toEqual(["Twilio Auth Token (masked)", "Status callback URL"]);
    const sent = JSON.parse(posts(platform)[0]?.body ?? "{}") as { configuration: Record<string, string> };
    expect(sent.configuration).toMatchObject({ [callback.key]: "https://example.com/status" });
    expect(Object.keys(sent.configuration).filter((key) => HIDDEN_PLATFORM_ENTRIES.some((hidden) => hidden.key === key))).toEqual([]);
  });

  it("still merges an entry the console shows: the platform's required flag stands", async () => {
    const visible = REQUIRED_CALLBACK;
    const { run } = await setUp({ configuration: [visible] });
    const result = await run(["provision", ...entryFlags("visible-entry"), "--json"]);
    expect(result.code).toBe(3);
    expect(jsonOf(result).error.problems).toEqual([expect.objectContaining({ key: visible.key, problem: "missing" })]);
  });
});

describe("Twilio's refusal relayed as text in providerMessage", () => {
  it.each([
    "error - {code=21211, message=The 'To' number +15005550001 is not a valid phone number.}",
    "21211 - message=The 'To' number +15005550001 is not a valid phone number.; statusCode=400 - null",
  ])("a refused send is exit 7 with Twilio's code and hint: %s", async (providerMessage) => {
    const { run } = await setUp({ messageRefusal: { status: 400, providerMessage } });
    expect((await run(["provision", ...entryFlags("text-refusal"), "--json"])).code).toBe(0);
    const sent = await run(["send", "--to", "+15005550001", "--message", "hi", "--json"]);
    expect(sent.code, sent.stdout).toBe(7);
    const error = jsonOf(sent).error;
    expect(error).toMatchObject({ code: "provider", twilioCode: 21211 });
    expect(error.message).toContain("is not a valid phone number");
    expect(error.hint).toMatch(/E\.164/);
  });

  it.each(["error - {code=20003, message=Authenticate}", "20003 - message=Authenticate; statusCode=401 - null"])(
    "a refused provisioning keeps its own exit code and shows Twilio's code, words and hint: %s",
    async (providerMessage) => {
      const { platform, run } = await setUp({ createRefusal: { status: 400, message: "Failed to create the instance.", providerMessage } });
      const result = await run(["provision", ...entryFlags("refused-create"), "--json"]);
      expect(result.code).toBe(5);
      const error = jsonOf(result).error;
      expect(error).toMatchObject({ code: "api", status: 400, twilioCode: 20003, moreInfo: "https://www.twilio.com/docs/api/errors/20003" });
      expect(error.message).toMatch(/Twilio error 20003: Authenticate/);
      expect(error.hint).toMatch(/Account SID or Auth Token/);
      const shown = await run(["provision", ...entryFlags("refused-create")]);
      expect(shown.code).toBe(5);
      expect(shown.stderr).toMatch(/Twilio error 20003: Authenticate/);
      expect(shown.stderr).toMatch(/Account SID or Auth Token/);
      expect(platform.instances.size).toBe(0);
    },
  );

  it("an HTTP status in the text (code=403) is not taken for a Twilio code", async () => {
    const { run } = await setUp({ messageRefusal: { status: 502, providerMessage: "error - {code=403, message=Forbidden}" } });
    expect((await run(["provision", ...entryFlags("status-in-text"), "--json"])).code).toBe(0);
    const sent = await run(["send", "--to", "+15005550006", "--message", "hi", "--json"]);
    expect(sent.code).not.toBe(7);
    expect(jsonOf(sent).error.message).toContain("code=403");
  });
});

describe("answers of unexpected shapes", () => {
  it("reads a createdDate given as a number (epoch milliseconds) and stores it as a date", async () => {
    const when = Date.UTC(2026, 0, 2, 3, 4, 5);
    const { run, stored } = await setUp({ reshape: (answer) => ({ ...answer, createdDate: when }) });
    const result = await run(["provision", ...entryFlags("numeric-date"), "--json"]);
    expect(result.code, result.stdout).toBe(0);
    expect((await stored("numeric-date"))?.createdAt).toBe(new Date(when).toISOString());
  });

  it("reads tags given as one string", async () => {
    // The string holds a tag the run did not ask for: it is stored only if the string was read.
    const { run, stored } = await setUp({ nameInTags: false, reshape: (answer) => ({ ...answer, tags: [...(answer.tags as string[]), "added-by-platform"].join(",") }) });
    const result = await run(["provision", ...entryFlags("string-tags"), "--tag", "prod", "--json"]);
    expect(result.code, result.stdout).toBe(0);
    expect(await stored("string-tags")).toMatchObject({ tags: ["prod", "added-by-platform"], operationId: expect.any(String) });
  });

  it.each([
    ["a number", 12345678901],
    ["an object", { value: "x" }],
  ])("refuses a token that is %s with exit 5 naming the field, and stores nothing", async (_kind, token) => {
    const { run, stored } = await setUp({ reshape: (answer) => ({ ...answer, token }) });
    const result = await run(["provision", ...entryFlags("odd-token"), "--json"]);
    expect(result.code, result.stdout).toBe(5);
    expect(jsonOf(result).error).toMatchObject({ code: "api", status: 200, requestId: expect.any(String), message: expect.stringMatching(/\btoken\b.*Instance \d+ exists/) });
    expect(await stored("odd-token")).toBeUndefined();
  });

  it.each([1.5, 1e300, -3, "12abc"])("refuses an id of %s in every answer with exit 5 naming the field", async (id) => {
    const { run, stored } = await setUp({ reshape: (answer) => ({ ...answer, id }) });
    const result = await run(["provision", ...entryFlags("odd-id"), "--json"]);
    expect(result.code, result.stdout).toBe(5);
    expect(jsonOf(result).error).toMatchObject({ code: "api", message: expect.stringMatching(/\bid\b/) });
    expect(await stored("odd-id")).toBeUndefined();
  });

  it("a create answered without a token whose read then fails: exit 9 saying the instance exists, and --if-exists skip stores its token", async () => {
    const { platform, run, stored } = await setUp({
      reshape: (answer, route) => (route === "POST /instances" ? { ...answer, token: undefined } : route === "GET /instances/{id}" ? { ...answer, id: 1.5 } : answer),
    });
    const result = await run(["provision", ...entryFlags("token-unread"), "--json"]);
    expect(result.code, result.stdout).toBe(9);
    const id = onlyInstance(platform)?.id;
    expect(jsonOf(result).error).toMatchObject({ code: "not_stored", id, message: expect.stringContaining(`(id ${id}) was created and exists on`), hint: expect.stringContaining("--if-exists skip") });
    expect(jsonOf(result).error.message + jsonOf(result).error.hint).not.toMatch(/nothing was (changed|created)|try again/i);
    expect((await run(["provision", ...entryFlags("token-unread"), "--if-exists", "skip", "--json"])).code).toBe(0);
    expect(await stored("token-unread")).toMatchObject({ id });
    expect(posts(platform)).toHaveLength(1);
  });

  it.each([
    ["an HTML page", "text/html", "<html><body>Gateway says hello</body></html>"],
    ["an array", "application/json", "[]"],
    ["an object without id", "application/json", '{"status":"accepted"}'],
  ])("a 200 answer to the POST that is %s goes through the operation-tag look-up and adopts the instance", async (_kind, contentType, body) => {
    const { platform, run } = await setUp({ postAnswer: { contentType, body } });
    const result = await run(["provision", ...entryFlags("lost-answer"), "--json"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(jsonOf(result).id).toBe(onlyInstance(platform)?.id);
    expect(posts(platform)).toHaveLength(1);
    expect((await run(["token", "lost-answer"])).stdout.trim()).toBe(onlyInstance(platform)?.token);
  });
});
