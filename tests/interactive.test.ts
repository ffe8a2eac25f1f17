// @module-tag slow: prompts at a real terminal (tmux), at a person's pace (npm test leaves it out; npm run test:all runs it)
// `connector init`, `connector login` and provision's prompts as a person meets them: in a real
// terminal (tmux), with a select for the sender kind, masked secrets, checks drawn as you type, a
// summary before writing, and Ctrl-C leaving nothing written with exit 130. One smoke test per
// command and what only a terminal shows; the questions, their order and checks, the yes/no
// answers and what is written are tested in-process (tests/init-prompts.test.ts, login-prompts).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.ts";
import { openStore } from "../src/store/index.ts";
import { HAS_TMUX, openTerminal, type Terminal } from "./helpers/terminal.ts";
import { tempConfigDir } from "./helpers/run.ts";
import { ACCOUNT_SID, AUTH_TOKEN, platformEnv } from "./helpers/platform.ts";

if (!HAS_TMUX) console.warn("tests/interactive.test.ts skipped: tmux is not installed (apt-get install -y tmux; .ci/run installs it).");

describe.skipIf(!HAS_TMUX)("at a terminal", () => {
  let emulator: RunningEmulator;
  let terminal: Terminal | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await emulator.close();
  });
  afterEach(() => terminal?.close());

  /** Opens `connector init` in a fresh config dir and names the instance, up to the Account SID prompt. */
  async function startInitUpToAccountSid(): Promise<{ terminal: Terminal; out: string }> {
    const configDir = tempConfigDir();
    const out = join(configDir, "..", "instance.json");
    const opened = openTerminal(["init", "--out", out], { CONNECTOR_CONFIG_DIR: configDir });
    terminal = opened; // so that afterEach closes it whatever the test does
    await opened.waitFor("Instance name");
    opened.keys("acme-sms", "Enter");
    await opened.waitFor("Twilio Account SID");
    return { terminal: opened, out };
  }

  /** Answers login's two secret prompts with values the tests then look for (or not) on screen. */
  async function typePlatformSecrets(at: Terminal): Promise<void> {
    await at.waitFor("Platform user secret");
    at.keys("typed-user-secret", "Enter");
    await at.waitFor("Platform organization secret");
    at.keys("typed-org-secret", "Enter");
  }

  it("connector init asks for each entry, checks as you type, offers the sender kinds, and writes after a summary", async () => {
    const { terminal, out } = await startInitUpToAccountSid();
    terminal.keys("AC12");
    await terminal.waitFor("✖ expected AC followed by 32 hexadecimal characters");
    terminal.keys("3456789abcdef0123456789abcdef0");
    await terminal.waitFor("✔ looks right");
    terminal.keys("Enter");
    await terminal.waitFor("Sender: which kind?");
    terminal.keys("Down", "Enter");
    await terminal.waitFor("Sender (a short code of 3 to 6 digits)");
    terminal.keys("12345", "Enter");
    await terminal.waitFor("Status callback URL");
    terminal.keys("Enter");
    const summary = await terminal.waitFor(`Write ${out}?`);
    expect(summary).toMatch(/messaging\.sms\.twilio\.token\s+\$\{TWILIO_AUTH_TOKEN\}/);
    expect(existsSync(out)).toBe(false);
    terminal.keys("Enter");
    expect(await terminal.exitCode()).toBe(0);
    const written = JSON.parse(readFileSync(out, "utf8")) as { name: string; configuration: Record<string, string> };
    expect(written.name).toBe("acme-sms");
    expect(written.configuration["messaging.sms.twilio.sender"]).toBe("12345");
    expect(written.configuration["messaging.sms.twilio.account"]).toBe("AC123456789abcdef0123456789abcdef0");
  });

  it("Ctrl-C during connector init writes nothing and exits 130", async () => {
    const { terminal, out } = await startInitUpToAccountSid();
    terminal.keys("C-c");
    expect(await terminal.exitCode()).toBe(130);
    expect(terminal.screen()).toContain("nothing was written");
    expect(existsSync(out)).toBe(false);
  });

  it("connector login masks the secrets, checks them with the platform, and stores them after a summary", async () => {
    const configDir = tempConfigDir();
    terminal = openTerminal(["login"], { CONNECTOR_CONFIG_DIR: configDir });
    await terminal.waitFor("Platform API root");
    terminal.keys("C-u", emulator.url, "Enter");
    await typePlatformSecrets(terminal);
    const summary = await terminal.waitFor("Store them?");
    expect(summary).not.toContain("typed-user-secret");
    expect(summary).not.toContain("typed-org-secret");
    expect(summary).toContain(emulator.url);
    terminal.keys("Enter");
    expect(await terminal.exitCode()).toBe(0);
    const profile = await openStore(configDir).getProfile("default");
    expect(profile).toMatchObject({ baseUrl: emulator.url, userSecret: "typed-user-secret", orgSecret: "typed-org-secret" });
  });

  it("Ctrl-C at login's summary stores nothing and exits 130", async () => {
    const configDir = tempConfigDir();
    terminal = openTerminal(["login", "--base-url", emulator.url], { CONNECTOR_CONFIG_DIR: configDir });
    await typePlatformSecrets(terminal);
    await terminal.waitFor("Store them?");
    terminal.keys("C-c");
    expect(await terminal.exitCode()).toBe(130);
    expect(existsSync(join(configDir, "store.json"))).toBe(false);
  });

  it("provision asks for the sender the way init does, and an empty answer goes back to the kind", async () => {
    const configDir = tempConfigDir();
    const env = platformEnv(emulator.url, { CONNECTOR_CONFIG_DIR: configDir, TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    terminal = openTerminal(["provision", "--name", "asked-sender"], env);
    await terminal.waitFor("Sender: which kind?");
    terminal.keys("Down", "Enter");
    await terminal.waitFor("Sender (a short code of 3 to 6 digits)");
    terminal.keys("BSpace", "Enter"); // nothing typed: back to the kinds
    await terminal.waitFor(/Sender: which kind\?[\s\S]*❯/);
    terminal.keys("Enter"); // the first kind: a phone number
    await terminal.waitFor("Sender (an E.164 phone number");
    terminal.keys("C-u", "+15005550006", "Enter");
    expect(await terminal.exitCode(20_000)).toBe(0);
    expect(emulator.instances().find((instance) => instance.name === "asked-sender")?.configuration["messaging.sms.twilio.sender"]).toBe("+15005550006");
  });
});
