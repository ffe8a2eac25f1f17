// A running emulator plus the environment that points the CLI at it, for one test file.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.ts";
import { tempConfigDir } from "./run.ts";

export const USER_SECRET = "user-secret-for-tests-1234";
export const ORG_SECRET = "org-secret-for-tests-5678";
export const AUTH_TOKEN = "5f4dcc3b5aa765d61d8327deb882cf99";
export const ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";

export interface TestPlatform {
  emulator: RunningEmulator;
  /** Environment for one test: its own empty config dir, the emulator's URL, the secrets. */
  env: NodeJS.ProcessEnv;
}

/** Starts an emulator for the file and gives each test a fresh CONNECTOR_CONFIG_DIR. */
export function usePlatform(): TestPlatform {
  const platform = {} as TestPlatform;
  beforeAll(async () => {
    platform.emulator = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await platform.emulator.close();
  });
  beforeEach(() => {
    platform.env = platformEnv(platform.emulator.url);
  });
  return platform;
}

/**
 * The environment of one test run against the platform at `baseUrl`: the tests' platform secrets
 * and a fresh, empty CONNECTOR_CONFIG_DIR; `extra` adds variables or replaces these (its own
 * CONNECTOR_CONFIG_DIR, other secrets). A test of a missing or broken variable builds its own.
 */
export function platformEnv(baseUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { CONNECTOR_BASE_URL: baseUrl, CONNECTOR_USER_SECRET: USER_SECRET, CONNECTOR_ORG_SECRET: ORG_SECRET, ...extra, CONNECTOR_CONFIG_DIR: extra.CONNECTOR_CONFIG_DIR ?? tempConfigDir() };
}

/** Flags that make a complete, valid twilio instance named `name`. */
export function entryFlags(name: string): string[] {
  return ["--name", name, "--account-sid", ACCOUNT_SID, "--sender", "+15005550006"];
}

/** Twilio's test numbers that refuse an SMS, each with the error code Twilio (and so the emulator) answers. */
export const REFUSED_TEST_NUMBERS: [to: string, twilioCode: number][] = [
  ["+15005550001", 21211],
  ["+15005550002", 21612],
  ["+15005550003", 21408],
  ["+15005550004", 21610],
  ["+15005550009", 21614],
];
