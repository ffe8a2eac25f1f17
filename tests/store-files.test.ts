// The contract: "State lives in CONNECTOR_CONFIG_DIR": the directory 0700, every file 0600,
// nothing written elsewhere, and nothing written at all by a command that only reads.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { forgetSecrets, redact } from "../src/secrets.ts";
import { openStore, resolveConfigDir } from "../src/store/index.ts";
import { instanceRecord } from "./helpers/store.ts";

let root: string;
let dir: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "connector-store-"));
  dir = path.join(root, "config", "connector");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function modeOf(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

describe("resolveConfigDir", () => {
  it("prefers CONNECTOR_CONFIG_DIR, then $XDG_CONFIG_HOME/connector, then ~/.config/connector", () => {
    expect(resolveConfigDir({ CONNECTOR_CONFIG_DIR: "/a/b", XDG_CONFIG_HOME: "/x" })).toBe("/a/b");
    expect(resolveConfigDir({ XDG_CONFIG_HOME: "/x" })).toBe("/x/connector");
    expect(resolveConfigDir({ XDG_CONFIG_HOME: "" })).toBe(path.join(os.homedir(), ".config", "connector"));
    expect(resolveConfigDir({ XDG_CONFIG_HOME: "relative" })).toBe(path.join(os.homedir(), ".config", "connector"));
    expect(resolveConfigDir({})).toBe(path.join(os.homedir(), ".config", "connector"));
  });
});

describe("the store on disk", () => {
  it("creates the directory 0700 and store.json 0600 even with a permissive umask", async () => {
    const previous = process.umask(0);
    try {
      const store = openStore(dir);
      await store.saveProfile("default", { baseUrl: "http://127.0.0.1:9", updatedAt: "2025-01-01T00:00:00.000Z" });
      await store.saveInstance(instanceRecord());
      expect(modeOf(dir)).toBe(0o700);
      expect(modeOf(store.path)).toBe(0o600);
      expect(store.path).toBe(path.join(dir, "store.json"));
    } finally {
      process.umask(previous);
    }
  });

  it("writes nothing but store.json in the config directory, and nothing outside it", async () => {
    const store = openStore(dir);
    await store.saveInstance(instanceRecord());
    await store.saveProfile("default", { updatedAt: "2025-01-01T00:00:00.000Z" });
    await store.removeInstance("default", instanceRecord().baseUrl, 101);
    expect(fs.readdirSync(dir)).toEqual(["store.json"]);
    expect(fs.readdirSync(root)).toEqual(["config"]);
    expect(fs.readdirSync(path.join(root, "config"))).toEqual(["connector"]);
  });

  it("leaves an existing directory's mode alone but tightens a loose store.json to 0600", async () => {
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(dir, "store.json"), "{}", { mode: 0o644 });
    fs.chmodSync(path.join(dir, "store.json"), 0o644);
    const store = openStore(dir);
    await store.saveInstance(instanceRecord());
    expect(modeOf(dir)).toBe(0o755);
    expect(modeOf(store.path)).toBe(0o600);
  });

  it("replaces store.json by rename on every write, never rewriting it in place (even under a snap)", async () => {
    const snap = process.env.SNAP;
    process.env.SNAP = "/snap/code/1";
    onTestFinished(() => {
      if (snap === undefined) delete process.env.SNAP;
      else process.env.SNAP = snap;
    });
    const store = openStore(dir);
    await store.saveInstance(instanceRecord());
    const first = fs.statSync(store.path).ino;
    const held = fs.openSync(store.path, "r");
    try {
      await store.saveInstance(instanceRecord({ id: 202 }));
      expect(fs.statSync(store.path).ino).not.toBe(first);
      expect(fs.fstatSync(held).ino).toBe(first);
      expect(JSON.parse(fs.readFileSync(held, "utf8")).instances).toHaveLength(1);
    } finally {
      fs.closeSync(held);
    }
  });

  it("removes temp files left by a writer killed mid-write (they hold tokens), sparing recent ones", async () => {
    const store = openStore(dir);
    await store.saveInstance(instanceRecord());
    const old = path.join(dir, "store.json.tmp-1700000000abcdef");
    const recent = path.join(dir, "store.json.tmp-1700000001abcdef");
    fs.writeFileSync(old, '{"instances":[', { mode: 0o600 });
    fs.writeFileSync(recent, "{", { mode: 0o600 });
    const then = new Date(Date.now() - 120_000);
    fs.utimesSync(old, then, then);
    await store.saveInstance(instanceRecord({ id: 202 }));
    expect(fs.readdirSync(dir).sort()).toEqual(["store.json", "store.json.tmp-1700000001abcdef"]);
  });

  it("creates neither directory nor file when it only reads", async () => {
    const store = openStore(dir);
    expect(await store.getProfile("default")).toBeUndefined();
    expect(await store.listProfiles()).toEqual([]);
    expect(await store.listInstances("default")).toEqual([]);
    expect(await store.findInstance("default", "acme-sms")).toBeUndefined();
    expect(await store.deleteProfile("default")).toBe(false);
    expect(await store.removeInstance("default", "http://x", 1)).toBe(false);
    expect(fs.existsSync(dir)).toBe(false);
    fs.mkdirSync(dir, { recursive: true });
    expect(await store.listInstances("default")).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("keeps fields it does not know, at the top level and inside records", async () => {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "store.json");
    const first = { ...instanceRecord(), region: "eu10" };
    const future = { theme: "dark" };
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        future,
        profiles: { default: { baseUrl: "http://a", updatedAt: "2025-01-01T00:00:00.000Z", sso: { issuer: "x" } } },
        instances: [first],
      }),
    );
    const store = openStore(dir);
    await store.saveProfile("default", { baseUrl: "http://b", updatedAt: "2025-02-02T00:00:00.000Z" });
    await store.saveInstance(instanceRecord({ name: "renamed" }));
    await store.saveInstance(instanceRecord({ id: 202 }));
    const saved = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(saved.future).toEqual(future);
    expect(saved.profiles.default).toEqual({ baseUrl: "http://b", updatedAt: "2025-02-02T00:00:00.000Z", sso: { issuer: "x" } });
    expect(saved.instances).toHaveLength(2);
    expect(saved.instances[0]).toEqual({ ...instanceRecord({ name: "renamed" }), region: "eu10" });
  });

  it("registers every stored secret, read or saved, so output can redact it", async () => {
    const store = openStore(dir);
    await store.saveProfile("default", { userSecret: "user-secret-aaaa", orgSecret: "org-secret-bbbb", updatedAt: "t" });
    await store.saveInstance(instanceRecord({ token: "token-cccc-dddd" }));
    forgetSecrets();
    expect(redact("user-secret-aaaa")).toBe("user-secret-aaaa");
    await openStore(dir).listProfiles();
    expect(redact("u=user-secret-aaaa o=org-secret-bbbb t=token-cccc-dddd")).toBe("u=******** o=******** t=********");
    forgetSecrets();
    await openStore(dir).saveInstance(instanceRecord({ id: 7, token: "token-eeee-ffff" }));
    expect(redact("token-eeee-ffff")).toBe("********");
  });
});
