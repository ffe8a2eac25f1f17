// The provisioning session a single provision, a batch and apply share (src/provision/session.ts),
// in-process against the emulator on loopback: it closes its client however the work ends; it
// checks the platform secrets, then the store, before anything is sent; and a provision can put
// its token in another store than the session's (a batch's batcher).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createContext, type GlobalOptions } from "../src/cli/context-from-options.ts";
import type { Context } from "../src/context.ts";
import type { PlatformClient } from "../src/api/platform.ts";
import { ApiError, ConfigError, exitCodeOf } from "../src/errors.ts";
import { openStore } from "../src/store/index.ts";
import { openProvisioningSession, withProvisioningSession } from "../src/provision/session.ts";
import { complete, resolve } from "./helpers/instance.ts";
import { usePlatform } from "./helpers/platform.ts";
import { tempConfigDir } from "./helpers/run.ts";

const platform = usePlatform();

/** A context as the CLI makes it, pointed at the emulator (--base-url), with no retries to wait for. */
function contextOf(env: NodeJS.ProcessEnv): Context {
  const options: GlobalOptions = { profile: "default", baseUrl: platform.emulator.url, json: true, input: false, timeout: "30", retries: "0", verbose: false, color: false };
  const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false };
  return createContext(options, io, new AbortController().signal);
}

const instanceNamed = (name: string) => resolve({ document: { element: { key: "twilio" }, name, configuration: complete } });

describe("the provisioning session", () => {
  it("closes its client when a provision throws: the error is the provision's, and the client answers no more", async () => {
    const ctx = contextOf(platform.env);
    let client: PlatformClient | undefined;
    const run = withProvisioningSession(ctx, {}, async (session) => {
      await session.provision(instanceNamed("session-twice"), "fail");
      client = await session.connect();
      await expect(client.getElementConfiguration("twilio")).resolves.toBeDefined();
      await session.provision(instanceNamed("session-twice"), "fail");
    });
    await expect(run).rejects.toMatchObject({ code: "conflict" });
    await expect(run).rejects.toBeInstanceOf(ApiError);
    await expect(client?.getElementConfiguration("twilio")).rejects.toMatchObject({ code: "network", message: expect.stringContaining("UND_ERR_DESTROYED") });
  });

  it("opens without platform secrets (a dry run needs none), and a provision then fails with exit 3 before any request", async () => {
    const { CONNECTOR_USER_SECRET: _user, CONNECTOR_ORG_SECRET: _org, ...noSecrets } = platform.env;
    const seen = platform.emulator.requests.length;
    const session = await openProvisioningSession(contextOf(noSecrets), { outcome: "nothing was read" });
    expect(session.target.problems.map((p) => p.key)).toEqual(["userSecret", "orgSecret"]);
    const failed = await session.provision(instanceNamed("session-no-secrets"), "fail").catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ConfigError);
    expect(failed).toMatchObject({ message: "Platform secrets are missing; nothing was read." });
    expect(exitCodeOf(failed)).toBe(3);
    expect(platform.emulator.requests.length).toBe(seen);
    await session.close();
  });

  it("proves the store writable before the first request: a lock that is a directory is exit 3 with nothing sent", async () => {
    const ctx = contextOf(platform.env);
    mkdirSync(join(ctx.configDir, "store.json.lock"), { recursive: true });
    const seen = platform.emulator.requests.length;
    const failed = await withProvisioningSession(ctx, {}, (session) => session.provision(instanceNamed("session-unwritable"), "fail")).catch((error: unknown) => error);
    expect(exitCodeOf(failed)).toBe(3);
    expect(failed).toMatchObject({ message: expect.stringContaining("store.json.lock") });
    expect(platform.emulator.requests.length).toBe(seen);
    expect(platform.emulator.instances().filter((i) => i.name === "session-unwritable")).toEqual([]);
  });

  it("a provision given another store keeps its token there, not in the session's store (a batch's batcher)", async () => {
    const ctx = contextOf(platform.env);
    const other = openStore(tempConfigDir());
    const outcome = await withProvisioningSession(ctx, {}, (session) => session.provision(instanceNamed("session-elsewhere"), "fail", other));
    expect(outcome.action).toBe("created");
    expect(await other.findInstance("default", "session-elsewhere")).toMatchObject({ id: outcome.record.id, token: outcome.record.token });
    expect(await openStore(ctx.configDir).findInstance("default", "session-elsewhere")).toBeUndefined();
  });
});
