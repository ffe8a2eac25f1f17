// The keychain's parts that need no keychain: the reasons a fault stands for, the choice of
// store, the calls run against a stand-in of the native module's shape, and the helper process
// (a real child of this node) killed when it does not answer. The real Secret Service is in
// tests/keychain/ (npm run test:keychain).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { credentialStoreChoice } from "../src/keychain/choice.ts";
import { runInChild } from "../src/keychain/child.ts";
import { reasonOf } from "../src/keychain/failure.ts";
import { callsCanBlock } from "../src/keychain/keychain.ts";
import { runKeychainOps } from "../src/keychain/operations.ts";
import { CliError, UsageError } from "../src/errors.ts";

describe("reasonOf", () => {
  const fault = (message: string, extra: { code?: string; causes?: string[] } = {}) => ({ message, causes: extra.causes ?? [], ...(extra.code ? { code: extra.code } : {}) });

  it("names each way no keychain answers, from @napi-rs/keyring's own messages", () => {
    expect(reasonOf(fault("Cannot find module '@napi-rs/keyring'", { code: "MODULE_NOT_FOUND" }))).toContain("not installed");
    expect(reasonOf(fault("Cannot find native binding. npm has a bug related to optional dependencies", { causes: ["Cannot find module './keyring.linux-x64-gnu.node'"] }))).toContain(
      "no native build",
    );
    expect(reasonOf(fault("libdbus-1.so.3: cannot open shared object file", { code: "ERR_DLOPEN_FAILED" }))).toContain("no native build");
    expect(reasonOf(fault("Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead"))).toContain(
      "no D-Bus session bus",
    );
    expect(reasonOf(fault("Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files"))).toContain("no Secret Service provider");
    expect(reasonOf(fault("Couldn't access platform storage: Secret Service: unlock prompt was dismissed"))).toContain("locked");
    expect(reasonOf(fault("something new"))).toBe("the keychain failed: something new");
  });
});

describe("credentialStoreChoice", () => {
  it("auto by default, the file under CI or with --insecure-storage, and the variable's word otherwise", () => {
    expect(credentialStoreChoice({}, false)).toBe("auto");
    expect(credentialStoreChoice({ CI: "true" }, false)).toBe("file");
    expect(credentialStoreChoice({ CI: "false" }, false)).toBe("auto");
    expect(credentialStoreChoice({ CI: "true", CONNECTOR_CREDENTIAL_STORE: "keychain" }, false)).toBe("keychain");
    expect(credentialStoreChoice({ CONNECTOR_CREDENTIAL_STORE: "keychain" }, true)).toBe("file");
    expect(credentialStoreChoice({ CONNECTOR_CREDENTIAL_STORE: "File" }, false)).toBe("file");
    expect(() => credentialStoreChoice({ CONNECTOR_CREDENTIAL_STORE: "vault" }, false)).toThrow(UsageError);
  });
});

describe("callsCanBlock", () => {
  it("only where a prompt can wait: a display on Linux, and macOS", () => {
    expect(callsCanBlock({}, "linux")).toBe(false);
    expect(callsCanBlock({ DISPLAY: ":0" }, "linux")).toBe(true);
    expect(callsCanBlock({ WAYLAND_DISPLAY: "wayland-0" }, "linux")).toBe(true);
    expect(callsCanBlock({}, "macos")).toBe(true);
    expect(callsCanBlock({ DISPLAY: ":0" }, "windows")).toBe(false);
  });
});

/** A module of @napi-rs/keyring's shape keeping entries in a Map; records the options each entry got. */
function standIn() {
  const entries = new Map<string, string>();
  const options: unknown[] = [];
  class Entry {
    constructor(
      private service: string,
      private account: string,
      given?: unknown,
    ) {
      options.push(given);
    }
    getPassword() {
      return entries.get(`${this.service}/${this.account}`) ?? null;
    }
    setPassword(value: string) {
      entries.set(`${this.service}/${this.account}`, value);
    }
    deleteCredential() {
      return entries.delete(`${this.service}/${this.account}`);
    }
  }
  return { module: { Entry }, entries, options };
}

describe("runKeychainOps", () => {
  it("runs each call in order, pinned to the Secret Service on Linux, and reports a module that does not load", () => {
    const keyring = standIn();
    const reply = runKeychainOps(() => keyring.module, "connector", [
      { op: "get", account: "a" },
      { op: "set", account: "a", value: "secret-a" },
      { op: "get", account: "a" },
      { op: "delete", account: "a" },
      { op: "delete", account: "a" },
    ]);
    expect(reply).toEqual({ answers: [{ ok: true, value: null }, { ok: true }, { ok: true, value: "secret-a" }, { ok: true, value: true }, { ok: true, value: false }] });
    expect(keyring.options.every((given) => JSON.stringify(given) === JSON.stringify({ linux: { store: "secret-service" } }))).toBe(true);
    const missing = runKeychainOps(
      () => {
        throw Object.assign(new Error("Cannot find native binding", { cause: new Error("inner") }), {});
      },
      "connector",
      [{ op: "get", account: "a" }],
    );
    expect(missing).toEqual({ loadFault: { message: "Cannot find native binding", causes: ["inner"] } });
  });
});

describe("runInChild", () => {
  const dir = mkdtempSync(join(tmpdir(), "connector-keychain-child-"));

  it("runs the calls in a child process, the request (secrets included) through its stdin", async () => {
    const module = join(dir, "memory.cjs");
    writeFileSync(
      module,
      `const m = new Map(); exports.Entry = class { constructor(s, a) { this.k = s + "/" + a; } getPassword() { return m.get(this.k) ?? null; } setPassword(v) { m.set(this.k, v); } deleteCredential() { return m.delete(this.k); } };`,
    );
    const reply = await runInChild(
      module,
      "connector",
      [
        { op: "set", account: "p:user-secret", value: "secret-in-child" },
        { op: "get", account: "p:user-secret" },
      ],
      { env: { PATH: process.env.PATH }, timeoutMs: 10_000 },
    );
    expect(reply).toEqual({ answers: [{ ok: true }, { ok: true, value: "secret-in-child" }] });
  });

  it("a child that never answers (a native call blocked on a prompt) is killed on the timeout: exit 6", async () => {
    const module = join(dir, "blocked.cjs");
    const pidFile = join(dir, "pid");
    // Blocks the child's thread the way a native call does: no event loop, no timer, no signal handler runs.
    writeFileSync(module, `require("fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);`);
    const error = await runInChild(module, "connector", [{ op: "get", account: "p:user-secret" }], { env: { PATH: process.env.PATH }, timeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe("timeout");
    expect((error as CliError).hint).toContain("--insecure-storage");
    const pid = Number(readFileSync(pidFile, "utf8"));
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 100)); // until the kill is reaped
    expect(alive()).toBe(false); // killed, not left blocked
  });

  it("a child that dies says so as a fault, not as a hang", async () => {
    const module = join(dir, "dies.cjs");
    writeFileSync(module, `process.exit(3);`);
    const reply = await runInChild(module, "connector", [{ op: "get", account: "a" }], { env: { PATH: process.env.PATH }, timeoutMs: 10_000 });
    expect(reply).toMatchObject({ loadFault: { message: expect.stringContaining("exit 3") } });
  });
});
