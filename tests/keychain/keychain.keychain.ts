// `login` into the OS keychain and everything around it, with the built binary against a real
// gnome-keyring on the private D-Bus session of scripts/test-keychain.sh (npm run test:keychain):
// where the secrets land (secret-tool sees them, store.json does not), that a later command reads
// them, logout, --insecure-storage, the move out of the file, and each way a keychain can fail:
// no bus, a bus without a Secret Service, a locked keyring headless (fails at once) and with a
// display (its prompt waits for ever: the helper process is killed on the timeout, exit 6).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.ts";
import { ORG_SECRET, USER_SECRET } from "../helpers/platform.ts";
import { runBinary, tempConfigDir, type RunResult } from "../helpers/run.ts";
import { busWithoutProvider, clear, IN_SESSION, keychainHelpers, lookup, restartKeyring, sessionEnv, startDisplay, stopAll } from "./session.ts";

let emulator: RunningEmulator;
let configDir: string;

/** The command's environment: the session's bus, this test's store, auto (the default) unless told. */
function envOf(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...sessionEnv(), CONNECTOR_CONFIG_DIR: configDir, CONNECTOR_BASE_URL: emulator.url, CONNECTOR_CREDENTIAL_STORE: undefined, ...extra };
}

const withSecrets = { CONNECTOR_USER_SECRET: USER_SECRET, CONNECTOR_ORG_SECRET: ORG_SECRET };
const login = (args: string[] = [], extra: NodeJS.ProcessEnv = {}) => runBinary(["login", "--no-input", "--json", ...args], envOf({ ...withSecrets, ...extra }));
/** A command that needs the platform secrets and finds none in the environment. */
const listRemote = (extra: NodeJS.ProcessEnv = {}) => runBinary(["instances", "list", "--remote", "--json"], envOf(extra));
const storeText = () => readFileSync(join(configDir, "store.json"), "utf8");
const json = (result: RunResult) => JSON.parse(result.stdout) as Record<string, unknown> & { error?: { code: string; message: string; hint?: string } };

describe.skipIf(!IN_SESSION)("the OS keychain (a real Secret Service)", () => {
  beforeAll(async () => {
    // Only these secrets open it: a command that read wrong ones (or none) would get a 401.
    emulator = await startEmulator({ port: 0, userSecret: USER_SECRET, orgSecret: ORG_SECRET });
  });
  afterAll(async () => {
    stopAll();
    await emulator?.close();
  });
  beforeEach(() => {
    configDir = tempConfigDir();
  });

  describe("unlocked", () => {
    it("login keeps the secrets in the keychain, one entry each, and none in store.json; a later command reads them", async () => {
      const result = await login();
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toBe("");
      expect(json(result)).toMatchObject({ ok: true, profile: "default", secretStore: "keychain" });
      expect(lookup("default:user-secret")).toBe(USER_SECRET);
      expect(lookup("default:org-secret")).toBe(ORG_SECRET);
      expect(storeText()).not.toContain(USER_SECRET);
      expect(storeText()).not.toContain(ORG_SECRET);
      expect(JSON.parse(storeText()).profiles.default).toMatchObject({ secretStore: "keychain", baseUrl: emulator.url });

      const listed = await listRemote();
      expect(listed.code, listed.stderr).toBe(0);
      expect(json(listed).ok).toBe(true);
      const status = json(await runBinary(["auth", "status", "--json"], envOf()));
      expect(status.profiles).toEqual([{ name: "default", baseUrl: emulator.url, secrets: "keychain", storedIn: "keychain", instances: 0, default: true, current: true }]);
    });

    it("the environment wins: with both secrets set, the keychain is not asked (its entries may be gone)", async () => {
      expect((await login()).code).toBe(0);
      clear("default:user-secret");
      clear("default:org-secret");
      const listed = await listRemote(withSecrets);
      expect(listed.code, listed.stderr).toBe(0);
    });

    it("logout removes the keychain entries and the profile", async () => {
      expect((await login(["--profile", "gone"])).code).toBe(0);
      expect(lookup("gone:user-secret")).toBe(USER_SECRET);
      const result = await runBinary(["auth", "logout", "--profile", "gone", "--json"], envOf());
      expect(result.code, result.stderr).toBe(0);
      expect(json(result)).toMatchObject({ removed: true });
      expect(lookup("gone:user-secret")).toBeNull();
      expect(lookup("gone:org-secret")).toBeNull();
      expect(JSON.parse(storeText()).profiles).toEqual({});
    });

    it("--insecure-storage keeps them in the 0600 file on purpose, without a warning and without touching the keychain", async () => {
      const result = await login(["--profile", "plain", "--insecure-storage"]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toBe("");
      expect(json(result)).toMatchObject({ secretStore: "file" });
      expect(lookup("plain:user-secret")).toBeNull();
      expect(JSON.parse(storeText()).profiles.plain).toMatchObject({ userSecret: USER_SECRET, orgSecret: ORG_SECRET, secretStore: "file" });
      const doctor = json(await runBinary(["doctor", "--json", "--profile", "plain"], envOf()));
      const storage = (doctor.checks as { id: string; status: string; detail: string; hint?: string }[]).find((check) => check.id === "storage");
      expect(storage).toMatchObject({ status: "warn" });
      expect(storage?.hint).toContain("connector login --profile plain");
    });

    it("a later login moves file-kept secrets into the keychain and drops the plaintext; --insecure-storage moves them back", async () => {
      expect((await login(["--profile", "mover", "--insecure-storage"])).code).toBe(0);
      expect(storeText()).toContain(USER_SECRET);
      const moved = await login(["--profile", "mover"]);
      expect(moved.code, moved.stderr).toBe(0);
      expect(lookup("mover:user-secret")).toBe(USER_SECRET);
      expect(storeText()).not.toContain(USER_SECRET);
      expect(storeText()).not.toContain(ORG_SECRET);
      const back = await login(["--profile", "mover", "--insecure-storage"]);
      expect(back.code, back.stderr).toBe(0);
      expect(lookup("mover:user-secret")).toBeNull();
      expect(storeText()).toContain(USER_SECRET);
    });

    it("a profile kept in the keychain whose entries are gone is exit 3, naming the entry and login", async () => {
      expect((await login(["--profile", "lost"])).code).toBe(0);
      clear("lost:org-secret");
      const result = await listRemote({ CONNECTOR_PROFILE: "lost" });
      expect(result.code).toBe(3);
      expect(json(result).error?.message).toContain('"lost:org-secret"');
      expect(json(result).error?.hint).toContain("connector login --profile lost");
    });

    it("CI=true keeps them in the file by default, as glab does", async () => {
      const result = await login(["--profile", "ci"], { CI: "true" });
      expect(result.code, result.stderr).toBe(0);
      expect(json(result)).toMatchObject({ secretStore: "file" });
      expect(lookup("ci:user-secret")).toBeNull();
    });
  });

  describe("no keychain", () => {
    const noBus = { DBUS_SESSION_BUS_ADDRESS: undefined, XDG_RUNTIME_DIR: undefined };

    it("no session bus: login falls back to the file with one warning that says why and names --insecure-storage", async () => {
      const result = await login([], noBus);
      expect(result.code, result.stderr).toBe(0);
      expect(json(result)).toMatchObject({ secretStore: "file" });
      const warnings = result.stderr.trim().split("\n");
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain("no D-Bus session bus");
      expect(warnings[0]).toContain("--insecure-storage");
      expect(storeText()).toContain(USER_SECRET);
      expect((await listRemote(noBus)).code).toBe(0); // read back from the file: no keychain needed
    });

    it("CONNECTOR_CREDENTIAL_STORE=keychain with no keychain is exit 3, and nothing is stored", async () => {
      const result = await login([], { ...noBus, CONNECTOR_CREDENTIAL_STORE: "keychain" });
      expect(result.code).toBe(3);
      expect(json(result).error?.message).toContain("no D-Bus session bus");
      expect(json(result).error?.hint).toContain("--insecure-storage");
      expect(existsSync(join(configDir, "store.json"))).toBe(false);
    });

    it("a profile kept in the keychain, read where no bus is: exit 3 naming the cause and the fix", async () => {
      expect((await login()).code).toBe(0);
      const result = await listRemote(noBus);
      expect(result.code).toBe(3);
      expect(json(result).error?.message).toContain("no D-Bus session bus");
      expect(json(result).error?.hint).toContain("connector login --insecure-storage");
      const doctor = await runBinary(["doctor", "--json"], envOf(noBus));
      expect(doctor.code).toBe(3);
      const secrets = (json(doctor).checks as { id: string; status: string; detail: string }[]).find((check) => check.id === "secrets");
      expect(secrets).toMatchObject({ status: "fail", detail: expect.stringContaining("no D-Bus session bus") });
    });

    it("a bus with no Secret Service provider: the fallback says so", async () => {
      const bus = await busWithoutProvider();
      try {
        const result = await login([], { DBUS_SESSION_BUS_ADDRESS: bus.address });
        expect(result.code, result.stderr).toBe(0);
        expect(json(result)).toMatchObject({ secretStore: "file" });
        expect(result.stderr).toContain("no Secret Service provider");
      } finally {
        bus.stop();
      }
    });
  });

  describe("locked", () => {
    afterAll(async () => {
      await restartKeyring({ unlocked: true });
    });

    it("headless, a locked keyring fails at once: login falls back to the file, saying it is locked", async () => {
      await restartKeyring({ unlocked: false });
      const result = await login(["--profile", "locked"]);
      expect(result.code, result.stderr).toBe(0);
      expect(json(result)).toMatchObject({ secretStore: "file" });
      expect(result.stderr).toContain("locked");
      expect(result.stderr).toContain("--insecure-storage");
    });

    it("with a display, the unlock prompt waits for ever: the helper process is killed on CONNECTOR_KEYCHAIN_TIMEOUT, exit 6", { timeout: 60_000 }, async () => {
      await restartKeyring({ unlocked: true });
      expect((await login(["--profile", "desk"])).code).toBe(0);
      const x = await startDisplay(90 + Math.floor(Math.random() * 9));
      try {
        // Unlocked, with a display: the calls run in the helper process, and answer.
        const read = await listRemote({ CONNECTOR_PROFILE: "desk", DISPLAY: x.display });
        expect(read.code, read.stderr).toBe(0);
        await restartKeyring({ unlocked: false, display: x.display });
        const before = keychainHelpers();
        const result = await listRemote({ CONNECTOR_PROFILE: "desk", DISPLAY: x.display, CONNECTOR_KEYCHAIN_TIMEOUT: "2" });
        expect(result.code, result.stderr).toBe(6);
        expect(json(result).error?.code).toBe("timeout");
        expect(json(result).error?.message).toContain("locked");
        expect(json(result).error?.hint).toContain("--insecure-storage");
        expect(keychainHelpers()).toBe(before); // killed, not left waiting behind the command
      } finally {
        x.stop();
      }
    });
  });
});

describe.skipIf(IN_SESSION)("the OS keychain tests", () => {
  it("run only inside npm run test:keychain (a private D-Bus session with gnome-keyring)", () => {
    expect(IN_SESSION).toBe(false);
  });
});
