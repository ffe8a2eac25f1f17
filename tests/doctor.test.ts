// `connector doctor`: a checklist of Node, the state directory, the profile and its secrets,
// the platform's reachability and answer, and whether each stored instance still exists.
import { chmodSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.ts";
import { entryFlags, ORG_SECRET, USER_SECRET, usePlatform, platformEnv } from "./helpers/platform.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";

const platform = usePlatform();
const TOKEN = { TWILIO_AUTH_TOKEN: "5f4dcc3b5aa765d61d8327deb882cf99" };
const statusOf = (doc: Record<string, unknown>, id: string) => (doc.checks as { id: string; status: string }[]).find((c) => c.id === id)?.status;

describe("connector doctor", () => {
  it("passes every check against a working platform, with the stored instance found there", async () => {
    expect((await runInProcess(["provision", ...entryFlags("acme-sms")], { ...platform.env, ...TOKEN })).code).toBe(0);
    const result = await runInProcess(["doctor", "--json"], platform.env);
    const doc = jsonOf(result);
    expect(result.code).toBe(0);
    expect(doc.ok).toBe(true);
    expect(doc.checks.map((c: { id: string }) => c.id)).toEqual(["node", "state", "profile", "secrets", "storage", "base-url", "proxy", "dns", "platform", "auth", "instances"]);
    for (const check of doc.checks) expect(["ok", "skip"], `${check.id}: ${check.detail}`).toContain(check.status);
    expect(doc.checks.find((c: { id: string }) => c.id === "instances").detail).toContain("1 of 1 exist");
    expect(result.stdout).not.toContain(USER_SECRET);
  });

  it("prints a checklist for a person, ending with the verdict", async () => {
    const result = await runInProcess(["doctor"], platform.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✔ Node\.js/);
    expect(result.stdout).toMatch(/✔ Secrets accepted/);
    expect(result.stdout.trimEnd().endsWith("All checks passed.")).toBe(true);
  });

  it("missing secrets fail the check and exit 3, saying how to set them", async () => {
    const { CONNECTOR_USER_SECRET: _u, CONNECTOR_ORG_SECRET: _o, ...env } = platform.env;
    const result = await runInProcess(["doctor", "--json"], env);
    const doc = jsonOf(result);
    expect(result.code).toBe(3);
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe("missing_config");
    expect(statusOf(doc, "secrets")).toBe("fail");
    expect(statusOf(doc, "platform")).toBe("ok");
  });

  it("says where each platform secret comes from: the environment wins over the profile", async () => {
    const { CONNECTOR_USER_SECRET: _u, CONNECTOR_ORG_SECRET: _o, ...env } = platform.env;
    const login = await runInProcess(["login", "--no-input"], { ...env, CONNECTOR_USER_SECRET: USER_SECRET, CONNECTOR_ORG_SECRET: ORG_SECRET });
    expect(login.code, login.stderr).toBe(0);
    const detail = (doc: Record<string, unknown>) => (doc.checks as { id: string; detail: string }[]).find((c) => c.id === "secrets")?.detail;
    const mixed = jsonOf(await runInProcess(["doctor", "--json"], { ...env, CONNECTOR_ORG_SECRET: ORG_SECRET }));
    expect(detail(mixed)).toBe("user secret from the store file, organization secret from CONNECTOR_ORG_SECRET");
    const stored = jsonOf(await runInProcess(["doctor", "--json"], { ...env, CONNECTOR_USER_SECRET: "" }));
    expect(detail(stored)).toBe("user secret from the store file, organization secret from the store file");
  });

  it("an unreachable platform fails with exit 6", async () => {
    const result = await runInProcess(["doctor", "--json"], { ...platform.env, CONNECTOR_BASE_URL: "http://127.0.0.1:9/elements/api-v2" });
    expect(result.code).toBe(6);
    expect(statusOf(jsonOf(result), "platform")).toBe("fail");
  });

  it("an instance deleted on the platform is a warning that says how to forget it", async () => {
    const provisioned = jsonOf(await runInProcess(["provision", "--json", ...entryFlags("gone-sms")], { ...platform.env, ...TOKEN }));
    const url = `${platform.emulator.url}/instances/${provisioned.id}`;
    const deleted = await fetch(url, { method: "DELETE", headers: { Authorization: `User ${USER_SECRET}, Organization ${ORG_SECRET}` } });
    expect(deleted.status).toBe(200);
    const result = await runInProcess(["doctor"], platform.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`! Stored instances`);
    expect(result.stdout).toContain(`connector instances delete ${provisioned.id} --local-only`);
  });

  it("a state directory others can read is a warning with the chmod that fixes it", async () => {
    await runInProcess(["provision", ...entryFlags("acme-sms")], { ...platform.env, ...TOKEN });
    chmodSync(platform.env.CONNECTOR_CONFIG_DIR as string, 0o755);
    const doc = jsonOf(await runInProcess(["doctor", "--json"], platform.env));
    const state = doc.checks.find((c: { id: string }) => c.id === "state");
    expect(state.status).toBe("warn");
    expect(state.hint).toBe(`Run: chmod 700 ${platform.env.CONNECTOR_CONFIG_DIR}`);
  });
});

describe("connector doctor against a platform that refuses the secrets", () => {
  let strict: RunningEmulator;
  beforeAll(async () => {
    strict = await startEmulator({ port: 0, userSecret: "the-right-user-secret", orgSecret: "the-right-org-secret" });
  });
  afterAll(async () => {
    await strict.close();
  });

  it("fails the secrets check with exit 4", async () => {
    const result = await runInProcess(["doctor", "--json"], platformEnv(strict.url));
    expect(result.code).toBe(4);
    const doc = jsonOf(result);
    expect(doc.error.code).toBe("auth");
    expect(statusOf(doc, "auth")).toBe("fail");
  });
});
