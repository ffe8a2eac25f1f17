// The store keeps what it is given and finds it again: profiles, instances by name or id,
// and it refuses to guess between several. A store.json it cannot read is reported, never
// reset: the instance tokens in it cannot be fetched again from the platform.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, exitCodeOf, UsageError } from "../src/errors.ts";
import { openStore, type InstanceRecord, type Store } from "../src/store/index.ts";
import { instanceRecord } from "./helpers/store.ts";

let dir: string;
let store: Store;
const A = "http://127.0.0.1:9/elements/api-v2";
const B = "https://api.openconnectors.us2.ext.hana.ondemand.com/elements/api-v2";

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "connector-records-"));
  store = openStore(dir);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A record as provision stores it, with the sender and the operation tag as well. */
function instance(overrides: Partial<InstanceRecord> = {}): InstanceRecord {
  return instanceRecord({ baseUrl: A, sender: "+15005550006", operationId: "op-1", ...overrides });
}

describe("profiles", () => {
  it("round-trip, list sorted, and delete", async () => {
    const profile = { baseUrl: B, userSecret: "user-secret-1", orgSecret: "org-secret-1", updatedAt: "2025-01-01T00:00:00.000Z" };
    await store.saveProfile("work", profile);
    await store.saveProfile("default", { updatedAt: "2025-01-02T00:00:00.000Z" });
    expect(await store.getProfile("work")).toEqual(profile);
    expect(await store.listProfiles()).toEqual(["default", "work"]);
    await store.saveProfile("work", { baseUrl: A, updatedAt: "2025-01-03T00:00:00.000Z" });
    expect(await store.getProfile("work")).toEqual({ baseUrl: A, updatedAt: "2025-01-03T00:00:00.000Z" });
    expect(await store.deleteProfile("work")).toBe(true);
    expect(await store.deleteProfile("work")).toBe(false);
    expect(await store.getProfile("work")).toBeUndefined();
    expect(await store.getProfile("toString")).toBeUndefined();
  });

  it("refuses a profile name that could not be a key", async () => {
    await expect(store.saveProfile("__proto__", { updatedAt: "t" })).rejects.toBeInstanceOf(UsageError);
    await expect(store.saveProfile("", { updatedAt: "t" })).rejects.toBeInstanceOf(UsageError);
    expect(fs.existsSync(store.path)).toBe(false);
  });
});

describe("instances", () => {
  it("round-trip every field, and are listed per profile", async () => {
    await store.saveInstance(instance());
    await store.saveInstance(instance({ id: 5, name: "other", profile: "work", sender: undefined, operationId: undefined }));
    expect(await store.listInstances("default")).toEqual([instance()]);
    const [work] = await store.listInstances("work");
    expect(work).toEqual({ ...instance({ id: 5, name: "other", profile: "work" }), sender: undefined, operationId: undefined });
    expect(work && "sender" in work).toBe(false);
  });

  it("are replaced by profile + base URL + id, and kept apart across base URLs", async () => {
    await store.saveInstance(instance());
    await store.saveInstance(instance({ token: "second-token-0000" }));
    await store.saveInstance(instance({ baseUrl: B }));
    const listed = await store.listInstances("default");
    expect(listed.map((r) => [r.baseUrl, r.token])).toEqual([
      [A, "second-token-0000"],
      [B, "instance-token-0123456789"],
    ]);
    expect(await store.removeInstance("default", B, 101)).toBe(true);
    expect(await store.removeInstance("default", B, 101)).toBe(false);
    expect((await store.listInstances("default")).map((r) => r.baseUrl)).toEqual([A]);
  });

  it("are found by exact name or by numeric id, within the profile", async () => {
    await store.saveInstance(instance());
    await store.saveInstance(instance({ id: 202, name: "acme-sms-2" }));
    await store.saveInstance(instance({ id: 303, name: "acme-sms", profile: "work" }));
    expect((await store.findInstance("default", "acme-sms"))?.id).toBe(101);
    expect((await store.findInstance("default", "202"))?.name).toBe("acme-sms-2");
    expect((await store.findInstance("work", "acme-sms"))?.id).toBe(303);
    expect(await store.findInstance("default", "303")).toBeUndefined();
    expect(await store.findInstance("default", "ACME-SMS")).toBeUndefined();
  });

  it("several matches are refused with their ids and base URLs", async () => {
    await store.saveInstance(instance({ id: 11 }));
    await store.saveInstance(instance({ id: 12, baseUrl: B }));
    const error = await store.findInstance("default", "acme-sms").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(exitCodeOf(error)).toBe(2);
    const message = (error as Error).message;
    expect(message).toContain(`11 "acme-sms" (${A})`);
    expect(message).toContain(`12 "acme-sms" (${B})`);
    expect(message).not.toContain("instance-token");
    expect((await store.findInstance("default", "acme-sms", B))?.id).toBe(12);
    expect((await store.findInstance("default", "12"))?.baseUrl).toBe(B);
  });
});

describe("a store.json that is not a store", () => {
  const token = "tok-must-not-leak-123456";
  const cases: Record<string, string> = {
    truncated: `{"version":1,"instances":[{"id":1,"name":"a","token":"${token}"`,
    empty: "",
    "an array": "[]",
    "instances not a list": `{"instances":{"token":"${token}"}}`,
    "a record of the wrong type": `{"instances":[{"id":"1","name":"a","token":"${token}"}]}`,
    "a newer format": `{"version":99,"instances":[]}`,
  };

  for (const [label, text] of Object.entries(cases)) {
    it(`is reported with its path and way out, and left byte for byte (${label})`, async () => {
      fs.writeFileSync(store.path, text);
      const before = fs.readFileSync(store.path);
      const failures = await Promise.all([
        store.listInstances("default").catch((e: unknown) => e),
        store.getProfile("default").catch((e: unknown) => e),
        store.saveInstance(instance()).catch((e: unknown) => e),
        store.saveProfile("default", { updatedAt: "t" }).catch((e: unknown) => e),
        store.removeInstance("default", A, 1).catch((e: unknown) => e),
      ]);
      for (const failure of failures) {
        expect(failure).toBeInstanceOf(ConfigError);
        expect(exitCodeOf(failure)).toBe(3);
        const message = (failure as Error).message;
        expect(message).toContain(store.path);
        expect(message).toMatch(label === "a newer format" ? /upgrade connector/ : /move .* aside.*cannot be recovered/);
        expect(message).not.toContain(token);
      }
      expect(fs.readFileSync(store.path)).toEqual(before);
      expect(fs.readdirSync(dir)).toEqual(["store.json"]);
    });
  }
});
