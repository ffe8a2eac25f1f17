// `connector login` at a terminal, in-process: the real command and the real prompt facade, with a
// scripted person answering through Context.prompter (tests/helpers/prompts.ts), against an
// emulator on loopback that accepts only its own pair of secrets. The terminal's masking and
// Ctrl-C are tested in tmux by tests/interactive.test.ts.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.ts";
import { MASK } from "../src/secrets.ts";
import { openStore } from "../src/store/index.ts";
import { ORG_SECRET, USER_SECRET } from "./helpers/platform.ts";
import { ENTER, scriptedPrompter, type Script } from "./helpers/prompts.ts";
import { runInProcess, tempConfigDir } from "./helpers/run.ts";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, userSecret: USER_SECRET, orgSecret: ORG_SECRET });
});
afterAll(async () => {
  await emulator.close();
});

/** Runs `connector login ...args` in a fresh config dir with `script` answering. */
async function loginAt(script: Script, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const configDir = tempConfigDir();
  const prompter = scriptedPrompter(script);
  const run = await runInProcess(["login", ...args], { CONNECTOR_CONFIG_DIR: configDir, NO_COLOR: "1", ...env }, "", prompter);
  return { ...run, asked: prompter.asked, configDir, profile: () => openStore(configDir).getProfile("default") };
}

const SECRETS: Script = [
  ["Platform user secret", USER_SECRET],
  ["Platform organization secret", ORG_SECRET],
];

describe("connector login at a terminal (in-process)", () => {
  it("asks the API root, then both secrets masked; the platform checks them; after the summary they are stored 0600", async () => {
    const requestsBefore = emulator.requests.length;
    const run = await loginAt([["Platform API root", `${emulator.url}/`], ...SECRETS, ["Store them? (yes/no)", ENTER]]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.asked.map(({ message, masked }) => `${message}${masked ? " (masked)" : ""}`)).toEqual([
      "Platform API root",
      "Platform user secret (masked)",
      "Platform organization secret (masked)",
      "Store them? (yes/no)",
    ]);
    const sent = emulator.requests.slice(requestsBefore);
    expect(sent.map(({ headers }) => headers.authorization)).toContain(`User ${USER_SECRET}, Organization ${ORG_SECRET}`);
    expect(run.stderr).toContain(`user secret          ${MASK}`);
    expect(run.stdout + run.stderr).not.toContain(USER_SECRET);
    expect(run.stdout + run.stderr).not.toContain(ORG_SECRET);
    expect(await run.profile()).toMatchObject({ baseUrl: emulator.url, userSecret: USER_SECRET, orgSecret: ORG_SECRET });
    expect(statSync(join(run.configDir, "store.json")).mode & 0o777).toBe(0o600);
  });

  it("secrets the platform refuses are not stored, and Store them? is never asked", async () => {
    const run = await loginAt(
      [
        ["Platform user secret", "wrong-user-secret"],
        ["Platform organization secret", "wrong-org-secret"],
      ],
      ["--base-url", emulator.url],
    );
    expect(run.code, run.stderr).toBe(4);
    expect(run.asked.map(({ message }) => message)).toEqual(["Platform user secret", "Platform organization secret"]);
    expect(run.stdout + run.stderr).not.toMatch(/wrong-(user|org)-secret/);
    expect(existsSync(join(run.configDir, "store.json"))).toBe(false);
  });

  it("Store them? takes only yes or no: anything else is refused and asked again; no stores nothing and succeeds", async () => {
    const run = await loginAt([...SECRETS, ["Store them? (yes/no)", "maybe", "yep", "n"]], ["--base-url", emulator.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.asked.at(-1)?.answers).toEqual([
      { answer: "maybe", refused: "Answer yes or no." },
      { answer: "yep", refused: "Answer yes or no." },
      { answer: "n", refused: undefined },
    ]);
    expect(run.stdout.trim()).toBe("Nothing stored.");
    expect(await run.profile()).toBeUndefined();
  });

  it("an API root that is not an http(s) URL is refused as it is typed", async () => {
    const run = await loginAt([["Platform API root", "ftp://example.com", "example.com", emulator.url], ...SECRETS, [/^Store them\?/, "yes"]]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.asked[0]?.answers.map(({ refused }) => refused === undefined)).toEqual([false, false, true]);
    expect(run.asked[0]?.answers[0]?.refused).toMatch(/^expected an http: or https: URL/);
    expect((await run.profile())?.baseUrl).toBe(emulator.url);
  });

  it("what --base-url and the environment give is not asked", async () => {
    const run = await loginAt(
      [
        ["Platform organization secret", ORG_SECRET],
        [/^Store them\?/, "yes"],
      ],
      ["--base-url", emulator.url],
      { CONNECTOR_USER_SECRET: USER_SECRET },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.asked.map(({ message }) => message)).toEqual(["Platform organization secret", "Store them? (yes/no)"]);
    expect(await run.profile()).toMatchObject({ userSecret: USER_SECRET, orgSecret: ORG_SECRET });
  });
});
