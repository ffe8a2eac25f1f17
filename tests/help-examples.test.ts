// @module-tag slow: every --help example run in bash, zsh, fish and tmux (npm test leaves it out; npm run test:all runs it)
// Every example of every --help, taken from the text the binary prints (dist/help.json) and run
// as written: through `bash -o pipefail -c` (so quoting and $VARs are the shell's, and a failing
// connector before a pipe is still seen), with the built binary as `connector` on PATH, in a clean
// environment: a temporary HOME and CONNECTOR_CONFIG_DIR, a fresh emulator on 127.0.0.1, and the
// state a user has after the README's quick start. A command's examples run in the order they are
// printed, like a user trying them one after the other in one terminal: `export` lines hold for
// the lines after them, a line ending in `&` keeps running until the command's examples end.
// What must name the real platform or Twilio is pointed at loopback (substitute), and nothing
// else may name a host off this machine. An example ends with exit 0, or the code its comment
// documents ("# exit 7: ..."), prints no stack trace and no secret.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../src/cli/definitions/index.ts";
import { openSession, runAtTerminal, runLine, secretsOf, startInBackground, storedTokensOf, type Session } from "./helpers/example-session.ts";
import { startFakeTwilio, type FakeTwilio } from "./helpers/fake-twilio.ts";
import { ACCOUNT_SID, AUTH_TOKEN } from "./helpers/platform.ts";
import type { RunResult } from "./helpers/run.ts";
import { HAS_TMUX } from "./helpers/terminal.ts";

const HELP = (JSON.parse(readFileSync(new URL("../dist/help.json", import.meta.url), "utf8")) as { help: Record<string, string> }).help;
/** The program ("") and every command a user can see, from the declarations: a new command is covered by itself. */
const NAMES = ["", ...COMMANDS.filter((command) => !("hidden" in command && command.hidden)).map((command) => command.path.join(" "))];

/** The lines under "Examples:" in a printed help text. */
function examplesOf(help: string): string[] {
  const at = help.indexOf("\nExamples:\n");
  if (at < 0) return [];
  const lines = help.slice(at + "\nExamples:\n".length).split("\n");
  const end = lines.findIndex((line) => !line.startsWith("  "));
  return lines.slice(0, end < 0 ? undefined : end).map((line) => line.slice(2));
}

// The state each command's examples start from, as the lines a user would have run before.
const QUICK_START = ["cp instance.example.json instance.json   # the user's own instance file", "connector provision --file instance.example.json"];
const DESIRED_STATE = [...QUICK_START, "mkdir instances", "cp instance.example.json instances/acme-sms.json", "sed s/acme-sms/acme-alerts/ instance.example.json > instances/acme-alerts.json"];
const PREPARE: Record<string, string[]> = {
  "": [], // the program's examples start their own emulator and export its variables
  init: [], // its Logto config is the repository's examples/logto-twilio.json, beside instance.example.json
  provision: ["cp instance.example.json instance.json"],
  plan: DESIRED_STATE,
  apply: DESIRED_STATE,
  "instances delete": [...QUICK_START, "connector provision --file instance.example.json --name acme-alerts", "connector provision --file instance.example.json --name acme-test"],
  logout: [...QUICK_START, "connector login --no-input", "connector login --no-input --profile ci"],
  doctor: [...QUICK_START, "connector login --no-input --profile ci"],
};

/** Examples that ask at a terminal: run in a real one (tmux), answering each prompt as shown. */
const AT_A_TERMINAL: Record<string, [prompt: string, ...keys: string[]][]> = {
  "connector init                      # asks for each entry, writes instance.json": [
    ["Instance name", "acme-sms", "Enter"],
    ["Twilio Account SID", ACCOUNT_SID, "Enter"],
    ["Sender: which kind?", "Enter"],
    ["Sender (an E.164 phone number", "+15005550006", "Enter"],
    ["Status callback URL", "Enter"],
    ["(yes/no)", "Enter"],
  ],
  "connector instances delete acme-test                 # asks first": [["on the platform? This cannot be undone.", "yes", "Enter"]],
};

const hasProgram = (name: string) => spawnSync("sh", ["-c", `command -v ${name}`]).status === 0;

/** Why an example cannot run on this machine, or undefined: the only way an example is not run. */
function skipReason(example: string): string | undefined {
  const shell = /connector completion (zsh|fish)\b/.exec(example)?.[1];
  if (shell && !hasProgram(shell)) return `${shell} is not installed here, and this example is typed into ${shell}`;
  if (/\|\s*jq\b/.test(example) && !hasProgram("jq")) return "jq is not installed here";
  if (/\bcurl\b/.test(example) && !hasProgram("curl")) return "curl is not installed here";
  if (example in AT_A_TERMINAL && !HAS_TMUX) return "it asks at a terminal and tmux is not installed here (.ci/run installs it)";
  return undefined;
}

/** The shell an example is typed into: the one whose completion it installs, else bash. */
const shellOf = (example: string) => /connector completion (zsh|fish)\b/.exec(example)?.[1] ?? "bash";

let twilio: FakeTwilio;
beforeAll(async () => {
  twilio = await startFakeTwilio([{ sid: ACCOUNT_SID, token: AUTH_TOKEN, numbers: [{ phone_number: "+15005550006" }] }]);
});
afterAll(async () => {
  await twilio.close();
});

/** Loopback stand-ins for what the examples name: the real platform, Twilio, the emulator's fixed port. */
function substitute(line: string, session: Session): string {
  const platform = session.emulator.url;
  let result = line
    .replaceAll("https://api.openconnectors.us2.ext.hana.ondemand.com/elements/api-v2", platform)
    .replaceAll("https://api.dublin.ie1.twilio.com", twilio.url)
    .replaceAll("127.0.0.1:8787", `127.0.0.1:${session.port}`);
  if (/\bconnector emulator\b/.test(result) && !/--port\b/.test(result)) result = result.replace("connector emulator", `connector emulator --port ${session.port}`);
  const offMachine = [...result.matchAll(/https?:\/\/([^/\s"']+)/g)].map((m) => m[1]).filter((host) => !host?.startsWith("127.0.0.1"));
  if (offMachine.length > 0) throw new Error(`the example names ${offMachine.join(", ")}: add a loopback substitution for it to this test\n${line}`);
  return result;
}

function expectClean(example: string, result: RunResult, session: Session): void {
  // The emulator's "Try:" line shows instance.example.json's Auth Token on purpose: a published demo value.
  const secrets = secretsOf(session).filter((secret) => !(/\bconnector emulator\b/.test(example) && secret === AUTH_TOKEN));
  instanceTokensChecked += storedTokensOf(session).length;
  const output = `${result.stdout}\n${result.stderr}`;
  const documented = Number(/#.*\bexit (\d+)\b/.exec(example)?.[1] ?? 0);
  expect(result.code, `${example}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`).toBe(documented);
  expect(output, `${example}: a stack trace`).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n|node:internal/);
  for (const secret of secrets) expect(output.includes(secret), `${example} printed a secret`).toBe(false);
}

const ran: string[] = [];
let instanceTokensChecked = 0;
const skipped: { example: string; reason: string }[] = [];

describe("every example of every --help works as written", () => {
  it("every command prints examples", () => {
    const without = NAMES.filter((name) => examplesOf(HELP[name] ?? "").length === 0);
    expect(without, "commands whose --help has no Examples (or that dist/help.json lacks)").toEqual([]);
    const unknown = [
      ...Object.keys(PREPARE).filter((name) => !NAMES.includes(name)),
      ...Object.keys(AT_A_TERMINAL).filter((line) => !NAMES.some((name) => examplesOf(HELP[name] ?? "").includes(line))),
    ];
    expect(unknown, "entries of this test's tables that match no command or example any more").toEqual([]);
  });

  it.each(NAMES.map((name) => [name || "(the program)", name]))("connector %s --help", async (_label, name) => {
    const session = await openSession({ platformInEnvironment: name !== "", twilioUrl: twilio.url });
    try {
      for (const line of PREPARE[name] ?? QUICK_START) {
        const result = await runLine(line, session);
        expect(result.code, `preparing: ${line}\n${result.stdout}${result.stderr}`).toBe(0);
      }
      for (const example of examplesOf(HELP[name] ?? "")) {
        const reason = skipReason(example);
        if (reason) {
          skipped.push({ example, reason });
          console.log(`skipped: ${example}\n  because ${reason}`);
          continue;
        }
        const line = substitute(example, session);
        if (/\bconnector emulator\b/.test(line)) {
          const inBackground = /[^&]&\s*(#.*)?$/.test(line);
          const started = await startInBackground(example, line.replace(/\s*&\s*(#.*)?$/, ""), session);
          if (inBackground) session.background.push(started);
          else expectClean(example, await started.stop(), session); // stopping is its normal end: exit 0
        } else {
          const answers = AT_A_TERMINAL[example];
          const result = answers ? await runAtTerminal(line, session, answers) : await runLine(line, session, shellOf(example));
          expectClean(example, result, session);
          if (/^export \w+=/.test(line)) session.exports.push(line);
        }
        ran.push(example);
      }
    } finally {
      const ended = await Promise.all(session.background.map(async (running) => [running.example, await running.stop()] as const));
      try {
        for (const [example, result] of ended) expectClean(example, result, session);
      } finally {
        await session.close();
      }
    }
  });

  it("no example was left out: each one ran, or was skipped for a reason printed above", () => {
    const all = NAMES.flatMap((name) => examplesOf(HELP[name] ?? ""));
    const accounted = new Set([...ran, ...skipped.map((s) => s.example)]);
    expect(all.filter((example) => !accounted.has(example))).toEqual([]);
    expect(ran.length).toBeGreaterThan(skipped.length);
    expect(instanceTokensChecked, "the secret check saw stored instance tokens").toBeGreaterThan(0);
  });
});
