// Profiles you can see: `connector auth status` lists every stored profile (its platform, where
// its secrets are, its instances, the default), and a --profile that names no stored profile is
// a warning, with "did you mean", from the commands that only read it.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { entryFlags, ORG_SECRET, USER_SECRET, usePlatform } from "./helpers/platform.ts";
import { runInProcess } from "./helpers/run.ts";

const platform = usePlatform();
const withoutSecrets = () => {
  const { CONNECTOR_USER_SECRET: _u, CONNECTOR_ORG_SECRET: _o, ...env } = platform.env;
  return env;
};

describe("connector auth status", () => {
  it("lists every profile: platform, where its secrets are, its instances, the default; the environment wins", async () => {
    expect((await runInProcess(["auth", "login", "--no-input", "--profile", "prod"], platform.env)).code).toBe(0);
    expect((await runInProcess(["login", "--no-input"], platform.env)).code).toBe(0);
    // A profile with instances but no login: provisioned with environment secrets (CI).
    const provisioned = await runInProcess(["provision", "--no-input", "--profile", "ci", ...entryFlags("acme-ci")], { ...platform.env, TWILIO_AUTH_TOKEN: "5f4dcc3b5aa765d61d8327deb882cf99" });
    expect(provisioned.code, provisioned.stderr).toBe(0);
    expect(provisioned.stderr).not.toContain("no stored profile"); // commands that write create it

    const status = await runInProcess(["auth", "status", "--json"], withoutSecrets());
    expect(status.code, status.stderr).toBe(0);
    expect(status.stderr).toBe("");
    const doc = JSON.parse(status.stdout);
    expect(doc.profiles.map((p: { name: string; secrets: string; storedIn: string | null; instances: number; default: boolean }) => [p.name, p.secrets, p.storedIn, p.instances, p.default])).toEqual([
      ["ci", "none", null, 1, false],
      ["default", "file", "file", 0, true],
      ["prod", "file", "file", 0, false],
    ]);
    expect(doc.profiles[1].baseUrl).toBe(platform.env.CONNECTOR_BASE_URL);
    expect(JSON.stringify(doc)).not.toContain(USER_SECRET);

    const fromEnvironment = JSON.parse((await runInProcess(["auth", "status", "--json"], { ...platform.env, CONNECTOR_PROFILE: "prod" })).stdout);
    expect(fromEnvironment.default).toBe("prod");
    expect(fromEnvironment.profiles.map((p: { secrets: string }) => p.secrets)).toEqual(["environment", "environment", "environment"]);

    const text = await runInProcess(["auth", "status"], withoutSecrets());
    expect(text.stdout).toMatch(/\* default\s+http:\/\/127\.0\.0\.1:\d+\/elements\/api-v2\s+file\s+0/);
    expect(text.stdout).not.toContain(ORG_SECRET);
  });

  it("says so when no profile is stored", async () => {
    const result = await runInProcess(["auth", "status"], withoutSecrets());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("No profile is stored");
    expect(result.stderr).toBe(""); // `default` on an empty store is a first run, not a typo
  });
});

describe("the profile record's secretStore", () => {
  const writeStore = (profiles: Record<string, unknown>) => {
    const dir = platform.env.CONNECTOR_CONFIG_DIR ?? "";
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, "store.json"), JSON.stringify({ version: 1, profiles, instances: [] }), { mode: 0o600 });
  };

  it("a profile stored before the keychain (no secretStore) keeps its secrets in the file, and is read from there", async () => {
    writeStore({ default: { baseUrl: platform.env.CONNECTOR_BASE_URL, userSecret: USER_SECRET, orgSecret: ORG_SECRET, updatedAt: "2026-01-01T00:00:00.000Z" } });
    const status = JSON.parse((await runInProcess(["auth", "status", "--json"], withoutSecrets())).stdout);
    expect(status.profiles[0]).toMatchObject({ name: "default", secrets: "file", storedIn: "file" });
    const listed = await runInProcess(["instances", "list", "--remote", "--json"], withoutSecrets());
    expect(listed.code, listed.stderr).toBe(0);
  });

  it("a secretStore this version does not know makes the store unusable, said with its path (exit 3), never a guess", async () => {
    writeStore({ default: { baseUrl: platform.env.CONNECTOR_BASE_URL, secretStore: "vault", updatedAt: "2026-01-01T00:00:00.000Z" } });
    const result = await runInProcess(["auth", "status", "--json"], withoutSecrets());
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error.message).toContain('secretStore is neither "keychain" nor "file"');
  });
});

describe("a --profile that names no stored profile", () => {
  it("is a warning with 'did you mean' from the commands that only read it; the exit code does not change", async () => {
    expect((await runInProcess(["login", "--no-input", "--profile", "prod"], platform.env)).code).toBe(0);
    const listed = await runInProcess(["instances", "list", "--profile", "prdo"], withoutSecrets());
    expect(listed.code).toBe(0);
    expect(listed.stderr).toContain('no stored profile is named "prdo"; did you mean "prod"?');
    const token = await runInProcess(["token", "acme", "--profile", "prdo", "--json"], withoutSecrets());
    expect(token.code).toBe(5); // not_found, as without the warning
    expect(token.stderr).toContain('did you mean "prod"?');
    for (const args of [
      ["instances", "show", "acme"],
      ["instances", "delete", "acme", "--local-only", "--yes"],
      ["send", "--to", "+15005550006", "--message", "hi"],
      ["auth", "status"],
    ]) {
      const result = await runInProcess([...args, "--profile", "zzz-unrelated"], withoutSecrets());
      expect(result.stderr, args.join(" ")).toContain('Warning: no stored profile is named "zzz-unrelated". Stored profiles: prod.');
    }
    const known = await runInProcess(["instances", "list", "--profile", "prod"], withoutSecrets());
    expect(known.stderr).toBe("");
  });
});
