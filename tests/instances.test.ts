// The contract: "instances list|show|delete", "token", "login"/"logout".
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonOf, runInProcess } from "./helpers/run.ts";
import { AUTH_TOKEN, ORG_SECRET, USER_SECRET, entryFlags, usePlatform } from "./helpers/platform.ts";

const platform = usePlatform();
const env = () => ({ ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN });

async function provision(name: string, extra: string[] = []): Promise<number> {
  return jsonOf(await runInProcess(["provision", ...entryFlags(name), ...extra, "--json", "--if-exists", "create"], env())).id as number;
}

describe("connector instances list", () => {
  it("lists the profile's stored instances with id, name, element, profile, baseUrl, createdAt", async () => {
    const id = await provision("listed", ["--tag", "prod"]);
    const doc = jsonOf(await runInProcess(["instances", "list", "--json"], env()));
    expect(doc.instances).toEqual([expect.objectContaining({ id, name: "listed", element: "twilio", profile: "default", baseUrl: platform.emulator.url, createdAt: expect.any(String) })]);
    expect(JSON.stringify(doc)).not.toContain("token");
  });

  it("--tag filters, --remote asks the platform and pages through every page", async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await provision(`remote-${i}`, ["--tag", "paged"]));
    const local = jsonOf(await runInProcess(["instances", "list", "--tag", "nope", "--json"], env()));
    expect(local.instances).toEqual([]);
    const { startEmulator } = await import("../src/emulator/index.ts");
    expect(startEmulator).toBeTypeOf("function");
    const remote = jsonOf(await runInProcess(["instances", "list", "--remote", "--tag", "paged", "--json"], env()));
    expect(remote.instances.map((i: { id: number }) => i.id)).toEqual(expect.arrayContaining(ids));
    const pagedRequests = platform.emulator.requests.filter((r) => r.method === "GET" && r.path.endsWith("/instances") && r.query.includes("paged"));
    expect(pagedRequests.length).toBeGreaterThanOrEqual(1);
  });

  it("--remote asks for the largest page (5000), so 205 instances, past the default page of 200, come in one call", async () => {
    const headers = { Authorization: `User ${USER_SECRET}, Organization ${ORG_SECRET}`, "Content-Type": "application/json" };
    const configuration = { "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef", "messaging.sms.twilio.token": AUTH_TOKEN, "messaging.sms.twilio.sender": "+15005550006" };
    for (let i = 0; i < 205; i++) {
      const body = JSON.stringify({ element: { key: "twilio" }, name: `bulk-${i}`, tags: ["bulk"], configuration });
      expect((await fetch(`${platform.emulator.url}/instances`, { method: "POST", headers, body })).status).toBe(200);
    }
    const before = platform.emulator.requests.length;
    const remote = jsonOf(await runInProcess(["instances", "list", "--remote", "--tag", "bulk", "--json"], env()));
    expect(remote.instances).toHaveLength(205);
    expect(new Set(remote.instances.map((i: { name: string }) => i.name)).size).toBe(205);
    const pages = platform.emulator.requests.slice(before).filter((r) => r.method === "GET");
    expect(pages).toHaveLength(1);
    expect(pages[0]?.query).toContain("pageSize=5000");
  });

  it("another profile sees none of this profile's instances", async () => {
    await provision("mine");
    const other = jsonOf(await runInProcess(["instances", "list", "--profile", "other", "--json"], env()));
    expect(other.instances).toEqual([]);
  });
});

describe("connector instances show", () => {
  it("shows one instance with its tags and templates, never the token", async () => {
    const text = readFileSync("instance.example.json", "utf8").replace("acme-sms", "shown");
    const doc = jsonOf(await runInProcess(["provision", "--file", "-", "--json"], env(), text));
    const token = platform.emulator.instances().find((i) => i.id === doc.id)?.token ?? "missing";
    for (const target of ["shown", String(doc.id)]) {
      const run = await runInProcess(["instances", "show", target, "--json"], env());
      const shown = jsonOf(run).instance;
      expect(shown).toMatchObject({ id: doc.id, name: "shown", element: "twilio", tags: ["demo"] });
      expect(shown.templates.map((t: { usageType: string }) => t.usageType)).toEqual(["SignIn", "Register", "Generic"]);
      expect(shown.token).toBeUndefined();
      expect(run.stdout).not.toContain(token);
    }
    const human = await runInProcess(["instances", "show", "shown"], env());
    expect(human.stdout).toContain("SignIn");
    expect(human.stdout).not.toContain(token);
  });

  it("an unknown name is not_found, exit 5, with the stored names as a hint", async () => {
    await provision("known");
    const run = await runInProcess(["instances", "show", "unknown", "--json"], env());
    expect(run.code).toBe(5);
    expect(jsonOf(run).error).toMatchObject({ code: "not_found", hint: expect.stringContaining("known") });
  });
});

describe("connector instances delete", () => {
  it("DELETEs on the platform, then forgets the token", async () => {
    const id = await provision("doomed");
    const run = await runInProcess(["instances", "delete", "doomed", "--yes", "--json"], env());
    expect(jsonOf(run)).toMatchObject({ ok: true, id, deleted: true });
    expect(platform.emulator.instances().some((i) => i.id === id)).toBe(false);
    expect((await runInProcess(["token", "doomed"], env())).code).toBe(5);
  });

  it("needs --yes without a terminal; nothing is deleted", async () => {
    const id = await provision("kept");
    const run = await runInProcess(["instances", "delete", "kept", "--json"], env());
    expect(run.code).toBe(2);
    expect(platform.emulator.instances().some((i) => i.id === id)).toBe(true);
  });

  it("--local-only forgets the token and leaves the platform's instance", async () => {
    const id = await provision("local-only");
    const run = await runInProcess(["instances", "delete", "local-only", "--local-only", "--yes"], env());
    expect(run.code).toBe(0);
    expect(platform.emulator.instances().some((i) => i.id === id)).toBe(true);
    expect((await runInProcess(["token", "local-only"], env())).code).toBe(5);
  });

  it("an instance the platform no longer has is still forgotten, and the user is told", async () => {
    const id = await provision("gone");
    await fetch(`${platform.emulator.url}/instances/${id}`, { method: "DELETE", headers: { Authorization: `User ${USER_SECRET}, Organization ${ORG_SECRET}` } });
    const run = await runInProcess(["instances", "delete", "gone", "--yes"], env());
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/no instance .* any more/i);
    expect((await runInProcess(["token", "gone"], env())).code).toBe(5);
  });
});

describe("connector token", () => {
  it("prints the stored token alone, for $(connector token x)", async () => {
    const id = await provision("tokened");
    const run = await runInProcess(["token", "tokened"], env());
    expect(run.stdout).toBe(`${platform.emulator.instances().find((i) => i.id === id)?.token}\n`);
  });
});

describe("connector login / logout", () => {
  it("login checks the secrets against the platform and stores them; later commands use them", async () => {
    const run = await runInProcess(["login", "--json"], env());
    expect(jsonOf(run)).toMatchObject({ ok: true, profile: "default", baseUrl: platform.emulator.url });
    const stored = readFileSync(join(platform.env.CONNECTOR_CONFIG_DIR ?? "", "store.json"), "utf8");
    expect(stored).toContain(USER_SECRET);
    const withoutEnv = { CONNECTOR_CONFIG_DIR: platform.env.CONNECTOR_CONFIG_DIR, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
    const provisioned = await runInProcess(["provision", ...entryFlags("via-profile"), "--json"], withoutEnv);
    expect(provisioned.code).toBe(0);
  });

  it("login with secrets the platform refuses stores nothing and exits 4", async () => {
    const { startEmulator } = await import("../src/emulator/index.ts");
    const strict = await startEmulator({ port: 0, userSecret: "a-right-one", orgSecret: "another-right-one" });
    try {
      const run = await runInProcess(["login", "--json"], { ...env(), CONNECTOR_BASE_URL: strict.url });
      expect(run.code).toBe(4);
      const list = jsonOf(await runInProcess(["logout", "--json"], { CONNECTOR_CONFIG_DIR: platform.env.CONNECTOR_CONFIG_DIR }));
      expect(list.removed).toBe(false);
    } finally {
      await strict.close();
    }
  });

  it("login without secrets and without a terminal names both environment variables, exit 3", async () => {
    const run = await runInProcess(["login", "--json"], { CONNECTOR_CONFIG_DIR: platform.env.CONNECTOR_CONFIG_DIR, CONNECTOR_BASE_URL: platform.emulator.url });
    expect(run.code).toBe(3);
    expect(jsonOf(run).error.problems.map((p: { env: string }) => p.env)).toEqual(["CONNECTOR_USER_SECRET", "CONNECTOR_ORG_SECRET"]);
  });

  it("logout removes the stored secrets and keeps instance tokens", async () => {
    await runInProcess(["login"], env());
    await provision("survivor");
    const run = jsonOf(await runInProcess(["logout", "--json"], env()));
    expect(run).toMatchObject({ removed: true, instancesKept: 1 });
    const stored = readFileSync(join(platform.env.CONNECTOR_CONFIG_DIR ?? "", "store.json"), "utf8");
    expect(stored).not.toContain(USER_SECRET);
    expect((await runInProcess(["token", "survivor"], env())).code).toBe(0);
  });
});
