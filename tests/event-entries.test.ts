// The platform's event entries and its fuller instance answer. An instance file may set
// event.notification.enabled, its callback URL, event.vendor.type (polling), the poller's
// interval and configuration and the signature key (a secret): they are the platform's own
// entries, not "unknown", in the schema too, and the key never shows. The emulator answers an
// instance with the platform's cache and event settings and echoes its hidden defaults (null for
// an unset callback URL), and plan shows no change for entries the user never wrote.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildInstanceSchema } from "../src/schema/instance-schema.ts";
import { instanceDoc, writeDir } from "./helpers/batch.ts";
import { AUTH_TOKEN, usePlatform } from "./helpers/platform.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";

const platform = usePlatform();
const SIGNATURE = "sig-key-that-must-never-show-7f3a";
const EVENTS = {
  "event.notification.enabled": "true",
  "event.notification.callback.url": "https://example.com/events",
  "event.vendor.type": "polling",
  "event.poller.refresh_interval": "5",
  "event.poller.configuration": '{"messages":{"url":"/hubs/messaging/messages"}}',
  "event.notification.signature.key": SIGNATURE,
};
const env = () => ({ ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN });

describe("event entries in an instance file", () => {
  it("validate accepts them as the element's own, without an unknown-entry warning", async () => {
    const dir = writeDir({ "events.json": instanceDoc("events", {}, EVENTS) });
    const run = await runInProcess(["validate", "--file", join(dir, "events.json"), "--json"], env());
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(/Unknown entry/i);
    expect(run.stdout + run.stderr).not.toContain(SIGNATURE);
  });

  it("a wrong value is refused with exit 3 naming the entry", async () => {
    const dir = writeDir({ "bad.json": instanceDoc("bad-events", {}, { "event.vendor.type": "webhooks", "event.poller.refresh_interval": "soon" }) });
    const run = await runInProcess(["validate", "--file", join(dir, "bad.json"), "--json"], env());
    expect(run.code).toBe(3);
    const keys = (jsonOf(run).error.problems as { key: string }[]).map((p) => p.key).sort();
    expect(keys).toEqual(["event.poller.refresh_interval", "event.vendor.type"]);
  });

  it("provision sends them, keeps the signature key out of every output, and the next plan has no change", async () => {
    const dir = writeDir({ "events.json": instanceDoc("events-sent", {}, EVENTS) });
    const dry = await runInProcess(["provision", "--file", join(dir, "events.json"), "--dry-run", "--json"], env());
    expect(dry.code, dry.stdout).toBe(0);
    expect(dry.stdout + dry.stderr).not.toContain(SIGNATURE);
    const apply = await runInProcess(["apply", "--file", dir, "--json"], env());
    expect(apply.code, apply.stdout).toBe(0);
    expect(apply.stdout + apply.stderr).not.toContain(SIGNATURE);
    expect(platform.emulator.instances().find((i) => i.name === "events-sent")?.configuration).toMatchObject(EVENTS);
    const plan = await runInProcess(["plan", "--file", dir, "--json", "--detailed-exitcode"], env());
    expect(plan.code, plan.stdout).toBe(0);
    expect(jsonOf(plan).summary).toEqual({ create: 0, update: 0, delete: 0, none: 1 });
  });

  it("the instance schema lists them, the signature key as a secret", () => {
    const schema = JSON.stringify(buildInstanceSchema());
    for (const key of Object.keys(EVENTS)) expect(schema).toContain(`"${key}"`);
    expect(schema).toMatch(/event signature key \(optional; secret/);
  });
});

describe("the instance answer", () => {
  it("holds the platform's cache and event settings and echoes hidden defaults, null for an unset callback URL", async () => {
    const dir = writeDir({ "plain.json": instanceDoc("plain") });
    expect((await runInProcess(["apply", "--file", dir, "--json"], env())).code).toBe(0);
    const id = platform.emulator.instances().find((i) => i.name === "plain")?.id;
    const response = await fetch(`${platform.emulator.url}/instances/${id}`, { headers: { Authorization: "User u, Organization o" } });
    const answer = (await response.json()) as Record<string, unknown> & { configuration: Record<string, unknown> };
    expect(answer).toMatchObject({
      provisionInteractions: [],
      maxCacheSize: 0,
      cacheTimeToLive: 0,
      eventsEnabled: false,
      traceLoggingEnabled: false,
      externalAuthentication: "none",
      cachingEnabled: false,
    });
    expect(answer.configuration).toMatchObject({
      "base.url": expect.stringMatching(/^https:\/\//) as unknown,
      "pagination.type": "page",
      "event.notification.enabled": "false",
      "event.vendor.type": "polling",
      "event.notification.callback.url": null,
      "messaging.sms.twilio.callback.url": null,
    });
    const plan = await runInProcess(["plan", "--file", dir, "--json", "--detailed-exitcode"], env());
    expect(plan.code, plan.stdout).toBe(0);
    expect(jsonOf(plan).summary).toEqual({ create: 0, update: 0, delete: 0, none: 1 });
  });
});
