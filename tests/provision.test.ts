// The contract: "provision", "--dry-run", "--if-exists", "instance.json", exit codes 3, 4, 5.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonOf, runInProcess } from "./helpers/run.ts";
import { AUTH_TOKEN, ORG_SECRET, USER_SECRET, entryFlags, usePlatform } from "./helpers/platform.ts";

const platform = usePlatform();
const withToken = () => ({ ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN });

describe("connector provision", () => {
  it("POSTs {element, name, tags, configuration} to /instances and stores the returned token", async () => {
    const run = await runInProcess(["provision", "--file", "instance.example.json", "--json"], platform.env);
    expect(run.code).toBe(0);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ ok: true, name: "acme-sms", element: "twilio", profile: "default", created: true });
    expect(typeof doc.id).toBe("number");
    expect(doc.token).toBeUndefined();
    const post = platform.emulator.requests.filter((r) => r.method === "POST" && r.path.endsWith("/instances")).at(-1);
    const body = JSON.parse(post?.body ?? "{}");
    expect(Object.keys(body).sort()).toEqual(["configuration", "element", "name", "tags"]);
    expect(body.element).toEqual({ key: "twilio" });
    expect(body.configuration["messaging.sms.twilio.token"]).toBe(AUTH_TOKEN);
    const remote = platform.emulator.instances().find((i) => i.id === doc.id);
    const token = await runInProcess(["token", "acme-sms"], platform.env);
    expect(token.stdout.trim()).toBe(remote?.token);
  });

  it("sends Authorization User/Organization, Accept, Content-Type and User-Agent headers", async () => {
    await runInProcess(["provision", ...entryFlags("headers-check"), "--no-input"], { ...withToken() });
    const post = platform.emulator.requests.filter((r) => r.method === "POST").at(-1);
    expect(post?.headers.authorization).toBe(`User ${USER_SECRET}, Organization ${ORG_SECRET}`);
    expect(post?.headers.accept).toBe("application/json");
    expect(post?.headers["content-type"]).toBe("application/json");
    expect(post?.headers["user-agent"]).toMatch(/^connector\/\d+\.\d+\.\d+/);
  });

  it("stores state in CONNECTOR_CONFIG_DIR with the directory 0700 and every file 0600", async () => {
    await runInProcess(["provision", ...entryFlags("modes"), "--no-input"], withToken());
    const dir = platform.env.CONNECTOR_CONFIG_DIR ?? "";
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, "store.json")).mode & 0o777).toBe(0o600);
  });

  it("refuses to send anything invalid: every missing entry listed with flag and env, exit 3", async () => {
    const before = platform.emulator.requests.length;
    const run = await runInProcess(["provision", "--json"], platform.env);
    expect(run.code).toBe(3);
    const doc = jsonOf(run);
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe("missing_config");
    const keys = doc.error.problems.map((p: { key: string }) => p.key).sort();
    expect(keys).toEqual(["messaging.sms.twilio.account", "messaging.sms.twilio.sender", "messaging.sms.twilio.token", "name"].sort());
    expect(doc.error.problems).toContainEqual(expect.objectContaining({ key: "messaging.sms.twilio.account", problem: "missing", flag: "--account-sid", env: "TWILIO_ACCOUNT_SID" }));
    expect(platform.emulator.requests.length).toBe(before);
  });

  it("reports invalid entries as invalid_config, exit 3, without the secret value", async () => {
    const run = await runInProcess(["provision", ...entryFlags("bad"), "--auth-token", "not-hex-secret-value", "--json"], platform.env);
    expect(run.code).toBe(3);
    expect(jsonOf(run).error.code).toBe("invalid_config");
    expect(run.stdout + run.stderr).not.toContain("not-hex-secret-value");
  });

  it("--dry-run prints method, URL, headers and body with secrets redacted, and sends nothing", async () => {
    const before = platform.emulator.requests.length;
    const run = await runInProcess(["provision", "--file", "instance.example.json", "--dry-run", "--json"], platform.env);
    expect(run.code).toBe(0);
    const doc = jsonOf(run);
    expect(doc.dryRun).toBe(true);
    expect(doc.request).toMatchObject({ method: "POST", url: `${platform.emulator.url}/instances` });
    expect(doc.request.headers.Authorization).toBe("User ********, Organization ********");
    expect(doc.request.body.configuration["messaging.sms.twilio.token"]).toBe("********");
    expect(doc.request.body.templates).toBeUndefined();
    expect(doc.request.body.$schema).toBeUndefined();
    expect(run.stdout).not.toContain(AUTH_TOKEN);
    expect(run.stdout).not.toContain(USER_SECRET);
    expect(platform.emulator.requests.length).toBe(before);
  });

  it("--if-exists fail (default) exits 5 with conflict when the element and name exist", async () => {
    await runInProcess(["provision", ...entryFlags("twice"), "--no-input"], withToken());
    const again = await runInProcess(["provision", ...entryFlags("twice"), "--json"], withToken());
    expect(again.code).toBe(5);
    expect(jsonOf(again).error.code).toBe("conflict");
  });

  it("--if-exists skip keeps the existing instance and stores its token, created false", async () => {
    const first = jsonOf(await runInProcess(["provision", ...entryFlags("skip-me"), "--json"], withToken()));
    const fresh = { ...withToken(), CONNECTOR_CONFIG_DIR: `${platform.env.CONNECTOR_CONFIG_DIR}-other` };
    const second = await runInProcess(["provision", ...entryFlags("skip-me"), "--if-exists", "skip", "--json"], fresh);
    expect(second.code).toBe(0);
    expect(jsonOf(second)).toMatchObject({ id: first.id, created: false });
    const token = await runInProcess(["token", "skip-me"], fresh);
    expect(token.stdout.trim()).toBe(platform.emulator.instances().find((i) => i.id === first.id)?.token);
  });

  it("--if-exists update PATCHes the existing instance", async () => {
    const first = jsonOf(await runInProcess(["provision", ...entryFlags("patch-me"), "--json"], withToken()));
    const run = await runInProcess(["provision", ...entryFlags("patch-me"), "--sender", "+15005550007", "--if-exists", "update", "--json"], withToken());
    expect(jsonOf(run)).toMatchObject({ id: first.id, created: false });
    expect(platform.emulator.requests.at(-1)?.method).toBe("PATCH");
    expect(platform.emulator.instances().find((i) => i.id === first.id)?.configuration["messaging.sms.twilio.sender"]).toBe("+15005550007");
  });

  it("--if-exists create makes another instance with the same name", async () => {
    const first = jsonOf(await runInProcess(["provision", ...entryFlags("dupe"), "--json"], withToken()));
    const second = jsonOf(await runInProcess(["provision", ...entryFlags("dupe"), "--if-exists", "create", "--json"], withToken()));
    expect(second.created).toBe(true);
    expect(second.id).not.toBe(first.id);
  });

  it("--show-token adds the token to the document; it is never there otherwise", async () => {
    const run = jsonOf(await runInProcess(["provision", ...entryFlags("shown"), "--show-token", "--json"], withToken()));
    expect(run.token).toBe(platform.emulator.instances().find((i) => i.id === run.id)?.token);
  });

  it("exits 4 with error.code auth when the platform answers 401", async () => {
    const { startEmulator } = await import("../src/emulator/index.ts");
    const strict = await startEmulator({ port: 0, userSecret: "right-user", orgSecret: "right-org" });
    try {
      const run = await runInProcess(["provision", ...entryFlags("denied"), "--json"], { ...withToken(), CONNECTOR_BASE_URL: strict.url });
      expect(run.code).toBe(4);
      expect(jsonOf(run).error).toMatchObject({ code: "auth", status: 401 });
      expect(jsonOf(run).error.requestId).toEqual(expect.any(String));
    } finally {
      await strict.close();
    }
  });

  it("exits 3 naming CONNECTOR_USER_SECRET and CONNECTOR_ORG_SECRET when no platform secret is known", async () => {
    const env = { ...withToken(), CONNECTOR_USER_SECRET: "", CONNECTOR_ORG_SECRET: "" };
    const run = await runInProcess(["provision", ...entryFlags("nosecret"), "--json"], env);
    expect(run.code).toBe(3);
    expect(jsonOf(run).error.problems.map((p: { env: string }) => p.env)).toEqual(["CONNECTOR_USER_SECRET", "CONNECTOR_ORG_SECRET"]);
  });

  it("reads instance.json from standard input with --file -", async () => {
    const text = readFileSync("instance.example.json", "utf8").replace("acme-sms", "from-stdin");
    const run = await runInProcess(["provision", "--file", "-", "--json"], platform.env, text);
    expect(jsonOf(run)).toMatchObject({ ok: true, name: "from-stdin" });
  });
});
