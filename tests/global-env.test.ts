// The contract: "Global options": base URL precedence, DEBUG=connector, CONNECTOR_NO_INPUT,
// and "Environment wins" for platform secrets.
import { describe, expect, it } from "vitest";
import { jsonOf, runInProcess } from "./helpers/run.ts";
import { ORG_SECRET, USER_SECRET, usePlatform } from "./helpers/platform.ts";
import { useTestServers } from "./helpers/http-server.ts";

const platform = usePlatform();
const { startServer } = useTestServers();

describe("global options from the environment", () => {
  it("--base-url wins over CONNECTOR_BASE_URL, which wins over the profile's", async () => {
    await runInProcess(["login"], platform.env);
    const bogus = "http://127.0.0.1:9/elements/api-v2";
    const viaProfile = await runInProcess(["instances", "list", "--remote", "--json"], { ...platform.env, CONNECTOR_BASE_URL: "" });
    expect(viaProfile.code).toBe(0);
    const viaEnv = await runInProcess(["instances", "list", "--remote", "--json"], { ...platform.env, CONNECTOR_BASE_URL: bogus });
    expect(viaEnv.code).toBe(6);
    const viaFlag = await runInProcess(["instances", "list", "--remote", "--json", "--base-url", platform.emulator.url], { ...platform.env, CONNECTOR_BASE_URL: bogus });
    expect(viaFlag.code).toBe(0);
  });

  it("the default base URL is SAP's us2 data center when nothing else is set", async () => {
    const run = await runInProcess(["provision", "--file", "instance.example.json", "--dry-run", "--json"], { CONNECTOR_CONFIG_DIR: platform.env.CONNECTOR_CONFIG_DIR });
    expect(jsonOf(run).request.url).toBe("https://api.openconnectors.us2.ext.hana.ondemand.com/elements/api-v2/instances");
  });

  it("environment secrets win over the profile's", async () => {
    await runInProcess(["login"], platform.env);
    const { startEmulator } = await import("../src/emulator/index.ts");
    const strict = await startEmulator({ port: 0, userSecret: "env-user", orgSecret: "env-org" });
    try {
      const env = { ...platform.env, CONNECTOR_BASE_URL: strict.url, CONNECTOR_USER_SECRET: "env-user", CONNECTOR_ORG_SECRET: "env-org" };
      expect((await runInProcess(["instances", "list", "--remote"], env)).code).toBe(0);
      const profileOnly = { ...env, CONNECTOR_USER_SECRET: "", CONNECTOR_ORG_SECRET: "" };
      expect((await runInProcess(["instances", "list", "--remote"], profileOnly)).code).toBe(4);
    } finally {
      await strict.close();
    }
  });

  it("DEBUG=connector logs each request and response to stderr, Authorization redacted", async () => {
    const run = await runInProcess(["instances", "list", "--remote"], { ...platform.env, DEBUG: "connector" });
    expect(run.stderr).toMatch(/GET .*\/instances/);
    expect(run.stderr).toContain("User ********");
    expect(run.stderr).not.toContain(USER_SECRET);
    expect(run.stderr).not.toContain(ORG_SECRET);
    const quiet = await runInProcess(["instances", "list", "--remote"], platform.env);
    expect(quiet.stderr).toBe("");
  });

  it("CONNECTOR_NO_INPUT=1 never prompts: a confirmation becomes a usage error", async () => {
    const run = await runInProcess(["instances", "delete", "x", "--json"], { ...platform.env, CONNECTOR_NO_INPUT: "1" });
    expect(run.code).toBe(5); // nothing stored under that name: found out before any prompt
    const named = await runInProcess(["instances", "delete", "1", "--json"], { ...platform.env, CONNECTOR_NO_INPUT: "1" });
    expect(named.code).toBe(2);
    expect(jsonOf(named).error.hint).toContain("--yes");
  });

  it("--timeout is the deadline of each request: a silent server ends in exit 6 (timeout)", async () => {
    const { base: url } = await startServer(() => undefined);
    const run = await runInProcess(["instances", "list", "--remote", "--timeout", "0.5", "--json"], { ...platform.env, CONNECTOR_BASE_URL: url });
    expect(run.code).toBe(6);
    expect(jsonOf(run).error.code).toBe("timeout");
  });
});
