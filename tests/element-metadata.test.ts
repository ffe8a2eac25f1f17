// The platform's `GET /elements/{key}/configuration` (required flags, defaults) is
// merged over the built-in definition, cached in the config directory for a day (0600, under
// the store's lock), and used by provision (fetching) and validate (cache only, no network).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findElement } from "../src/elements/index.ts";
import { mergePlatformConfiguration, parsePlatformConfiguration } from "../src/elements/merge-configuration.ts";
import { ELEMENT_CACHE_TTL_MS, elementCachePath, readCachedConfiguration, writeCachedConfiguration } from "../src/store/element-cache.ts";
import { jsonOf, runInProcess, tempConfigDir } from "./helpers/run.ts";
import { AUTH_TOKEN, entryFlags, usePlatform } from "./helpers/platform.ts";

const CALLBACK = "messaging.sms.twilio.callback.url";
const twilio = findElement("twilio")!;

describe("merging the platform's configuration metadata", () => {
  it("takes required and defaults from the platform, adds entries only it lists (PASSWORD is secret), skips internal ones", () => {
    const listed = parsePlatformConfiguration([
      { key: CALLBACK, required: true, defaultValue: null },
      { key: "messaging.sms.twilio.protocol", required: true, defaultValue: "sms" },
      { key: "messaging.sms.twilio.sender", required: false, defaultValue: "+15005550006" },
      { key: "twilio.webhook.secret", name: "Webhook secret", type: "PASSWORD", required: true },
      { key: "platform.internal", internal: true, required: true },
      { nonsense: true },
    ]);
    const { element, changes } = mergePlatformConfiguration(twilio, listed ?? []);
    const entry = (key: string) => element.entries.find((e) => e.key === key);
    expect(entry(CALLBACK)?.required).toBe(true);
    expect(entry("messaging.sms.twilio.sender")).toMatchObject({ required: false, default: "+15005550006", flag: "--sender" });
    expect(entry("twilio.webhook.secret")).toMatchObject({ label: "Webhook secret", secret: true, required: true });
    expect(entry("platform.internal")).toBeUndefined();
    expect(changes).toHaveLength(4);
    expect(twilio.entries.find((e) => e.key === CALLBACK)?.required).toBe(false);
    expect(parsePlatformConfiguration({ message: "No element found" })).toBeUndefined();
  });

  it("ignores the entries the console hides (hideFromConsole): never required, prompted for or given a default", () => {
    const listed = parsePlatformConfiguration([
      { key: "base.url", hideFromConsole: true, required: true, defaultValue: "https://api.twilio.com" },
      { key: "messaging.sms.twilio.protocol", hideFromConsole: true, required: false, defaultValue: "mms" },
      { key: CALLBACK, hideFromConsole: false, required: true },
    ]);
    const { element, changes } = mergePlatformConfiguration(twilio, listed ?? []);
    expect(element.entries.find((e) => e.key === "base.url")).toBeUndefined();
    expect(element.entries.find((e) => e.key === "messaging.sms.twilio.protocol")).toEqual(twilio.entries.find((e) => e.key === "messaging.sms.twilio.protocol"));
    expect(element.entries.find((e) => e.key === CALLBACK)?.required).toBe(true);
    expect(changes).toEqual([`${CALLBACK} is required on the platform`]);
  });

  it("caches per platform and element for a day, 0600 in a 0700 directory, and ignores a damaged cache", async () => {
    const dir = tempConfigDir();
    const now = Date.parse("2026-01-01T00:00:00Z");
    await writeCachedConfiguration(dir, "http://a/elements/api-v2", "twilio", [{ key: CALLBACK }], now);
    expect(readCachedConfiguration(dir, "http://a/elements/api-v2", "twilio", now + 1000)).toEqual([{ key: CALLBACK }]);
    expect(readCachedConfiguration(dir, "http://b/elements/api-v2", "twilio", now + 1000)).toBeUndefined();
    expect(readCachedConfiguration(dir, "http://a/elements/api-v2", "twilio", now + ELEMENT_CACHE_TTL_MS + 1)).toBeUndefined();
    expect(statSync(elementCachePath(dir)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    writeFileSync(elementCachePath(dir), "{ not json");
    expect(readCachedConfiguration(dir, "http://a/elements/api-v2", "twilio", now)).toBeUndefined();
    await writeCachedConfiguration(dir, "http://a/elements/api-v2", "twilio", [], now);
    expect(JSON.parse(readFileSync(elementCachePath(dir), "utf8")).version).toBe(1);
  });
});

describe("provision and validate with a platform that requires the callback URL", () => {
  const platform = usePlatform();
  let proxy: { url: string; configurationGets: number; close(): Promise<void> };

  beforeAll(async () => {
    // The emulator behind a proxy that answers the configuration the way a stricter platform would.
    const state = { configurationGets: 0 };
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const upstream = await fetch(platform.emulator.url.replace(/\/elements\/api-v2$/, "") + (req.url ?? ""), {
        method: req.method,
        headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== "host" && k !== "content-length")) as Record<string, string>,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      let text = await upstream.text();
      if (req.url?.endsWith("/elements/twilio/configuration")) {
        state.configurationGets += 1;
        text = JSON.stringify((JSON.parse(text) as { key: string; required: boolean }[]).map((e) => (e.key === CALLBACK ? { ...e, required: true } : e)));
      }
      res.writeHead(upstream.status, { "content-type": "application/json" }).end(text);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    proxy = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/elements/api-v2`,
      get configurationGets() {
        return state.configurationGets;
      },
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  });
  afterAll(() => proxy.close());

  it("refuses an instance without the entry the platform requires (exit 3), then provisions it with one, asking once", async () => {
    const env = { ...platform.env, CONNECTOR_BASE_URL: proxy.url, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
    const refused = await runInProcess(["provision", ...entryFlags("strict"), "--json"], env);
    expect(refused.code).toBe(3);
    expect(jsonOf(refused).error.problems).toEqual([expect.objectContaining({ key: CALLBACK, problem: "missing", flag: "--callback-url", env: "TWILIO_CALLBACK_URL" })]);
    const offline = await runInProcess(["validate", ...entryFlags("strict"), "--json"], env);
    expect(offline.code).toBe(3);
    const made = await runInProcess(["provision", ...entryFlags("strict"), "--callback-url", "https://example.com/status", "--json"], env);
    expect(made.code).toBe(0);
    expect(proxy.configurationGets).toBe(1);
  });
});
