// Reading a configuration change back (src/provision/confirm-configuration.ts), against a small
// in-memory platform: what counts as taken (a number or boolean answered for its text, null for
// nothing, a masked secret never compared), an answer without configuration read back from the
// instance, and the per-entry fallback only where a value did not take.
import { describe, expect, it } from "vitest";
import type { PlatformInstance } from "../src/api/platform.ts";
import { confirmConfiguration, entriesNotTaken } from "../src/provision/confirm-configuration.ts";
import { ApiError, exitCodeOf } from "../src/errors.ts";

const isSecret = (key: string) => key === "token";

function platformHolding(configuration: Record<string, unknown>, options: { perEntry: boolean }) {
  const calls: string[] = [];
  const instance = (): PlatformInstance => ({ id: 9, name: "n", element: { key: "twilio" }, configuration: { ...configuration } });
  return {
    calls,
    client: {
      getInstance: (id: number) => (calls.push(`GET ${id}`), Promise.resolve(instance())),
      getInstanceConfiguration: (id: number) => (
        calls.push(`GET ${id}/configuration`),
        Promise.resolve(Object.keys(configuration).map((key, i) => ({ id: i + 1, key, propertyValue: configuration[key] })))
      ),
      updateConfigurationEntry: (id: number, configId: number | string, value: string) => {
        calls.push(`PATCH ${id}/configuration/${configId}`);
        if (!options.perEntry) return Promise.reject(new ApiError("not_found", "no such route", 404));
        const key = Object.keys(configuration)[Number(configId) - 1] ?? "";
        configuration[key] = value;
        return Promise.resolve();
      },
    },
    instance,
  };
}

describe("entriesNotTaken", () => {
  it("takes a number or boolean for its text, null as empty, and never compares a secret or a masked value", () => {
    const instance: PlatformInstance = { id: 1, name: "n", element: { key: "k" }, configuration: { a: 5, b: true, c: null, token: "old", d: "********", e: "x" } };
    expect(entriesNotTaken({ a: "5", b: "true", c: "", token: "new", d: "secret-looking", e: "y", f: "new" }, instance, isSecret)).toEqual(["e", "f"]);
  });
});

describe("confirmConfiguration", () => {
  it("an answer without configuration is read back from the instance; nothing more is sent when every value took", async () => {
    const { client, calls } = platformHolding({ sender: "+1", token: "t" }, { perEntry: true });
    const answer: PlatformInstance = { id: 9, name: "n", element: { key: "twilio" } };
    const confirmed = await confirmConfiguration(client, answer, { sender: "+1", token: "new" }, { isSecret });
    expect(confirmed.configuration).toEqual({ sender: "+1", token: "t" });
    expect(calls).toEqual(["GET 9"]);
  });

  it("a value that did not take is set entry by entry, with the secrets sent beside it", async () => {
    const { client, calls, instance } = platformHolding({ sender: "+1", token: "t", other: "o" }, { perEntry: true });
    const confirmed = await confirmConfiguration(client, instance(), { sender: "+2", token: "new" }, { isSecret });
    expect(confirmed.configuration).toMatchObject({ sender: "+2", token: "new", other: "o" });
    expect(calls).toEqual(["GET 9/configuration", "PATCH 9/configuration/1", "PATCH 9/configuration/2", "GET 9"]);
  });

  it("when the per-entry route refuses too, exit 5 naming the entries", async () => {
    const { client, instance } = platformHolding({ sender: "+1" }, { perEntry: false });
    const error = await confirmConfiguration(client, instance(), { sender: "+2" }, { isSecret }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(exitCodeOf(error)).toBe(5);
    expect((error as ApiError).message).toContain("sender");
  });
});
