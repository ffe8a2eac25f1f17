// Secrets under a hostile pass: values holding quotes, backslashes and control characters, errors
// cut to a line, short secrets, a password inside --base-url, an instance used against another
// platform, secrets typed into --config, and names or messages carrying terminal escapes.
import { describe, expect, it } from "vitest";
import { startEmulator } from "../src/emulator/index.ts";
import { ACCOUNT_SID, USER_SECRET, ORG_SECRET, entryFlags, AUTH_TOKEN, platformEnv } from "./helpers/platform.ts";
import { forgetSecrets } from "../src/secrets.ts";
import { jsonOf, runBinary, runInProcess, tempConfigDir, type RunResult } from "./helpers/run.ts";
import { useTestServers } from "./helpers/http-server.ts";

const { startServer, afterThisTest } = useTestServers();

/**
 * One in-process run that starts, as a new process does, with no secret registered: a secret an
 * earlier run registered would otherwise mask this run's output and hide a leak.
 */
function runFresh(args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  forgetSecrets();
  return runInProcess(args, env);
}

/** The secret as text, as JSON writes it inside a string, and that form quoted once more. */
function representations(secret: string): string[] {
  const once = JSON.stringify(secret).slice(1, -1);
  return [...new Set([secret, once, JSON.stringify(once).slice(1, -1)])];
}

function expectHidden(run: RunResult, secret: string): void {
  for (const form of representations(secret)) {
    expect(run.stdout, `stdout shows ${JSON.stringify(form)}`).not.toContain(form);
    expect(run.stderr, `stderr shows ${JSON.stringify(form)}`).not.toContain(form);
  }
}

async function emulator() {
  const running = await startEmulator({ port: 0 });
  afterThisTest(() => running.close());
  return running;
}

describe("secrets in --json and in error texts", () => {
  it("an instance token holding a quote and a backslash is masked in --json and text, echoed inside a body", async () => {
    const token = 'tok"en\\with-quote-0123456789';
    const server = await startServer(({ headers }, res) => {
      res.writeHead(400, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ requestId: "r1", message: `bad header ${String(headers.authorization)}`, echo: { nested: headers.authorization } }));
    });
    const env = platformEnv(server.base, { CONNECTOR_INSTANCE_TOKEN: token });
    for (const extra of [["--json"], ["--json", "--verbose"], []]) {
      const run = await runFresh(["send", "--to", "+15551234567", "--message", "hi", ...extra], env);
      expect(run.code).toBe(5);
      expectHidden(run, token);
      expectHidden(run, USER_SECRET);
    }
  });

  it("a platform error cut to 200 characters never shows the start of a secret it holds", async () => {
    const server = await startServer(({ headers }, res) => {
      res.writeHead(400, { "Content-Type": "text/plain" });
      res.end(`${"x".repeat(185)} ${String(headers.authorization)}`);
    });
    const env = platformEnv(server.base, { CONNECTOR_RETRIES: "0" });
    const run = await runFresh(["instances", "list", "--remote", "--json"], env);
    expect(run.code).toBe(5);
    expect(run.stdout).toContain("********");
    expect(run.stdout + run.stderr).not.toContain(USER_SECRET.slice(0, 6));
  });

  it("a secret of 4 characters is masked wherever it appears; a platform secret of 3 is refused (exit 3), naming its variable", async () => {
    const platform = await emulator();
    const base = { CONNECTOR_CONFIG_DIR: tempConfigDir(), CONNECTOR_BASE_URL: platform.url };
    const short = await runFresh(["login", "--json"], { ...base, CONNECTOR_USER_SECRET: "abc", CONNECTOR_ORG_SECRET: ORG_SECRET });
    expect(short.code).toBe(3);
    expect(jsonOf(short).error.problems[0]).toMatchObject({ key: "userSecret", env: "CONNECTOR_USER_SECRET" });
    expect(platform.requests).toHaveLength(0);
    // A platform secret of 4 characters is sent, and masked where the platform echoes it back.
    const echo = await startServer(({ headers }, res) => {
      res.writeHead(400, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ requestId: "r4", message: `refused ${String(headers.authorization)}` }));
    });
    for (const extra of [["--json"], ["--verbose"]]) {
      const four = await runFresh(["instances", "list", "--remote", ...extra], {
        ...base,
        CONNECTOR_BASE_URL: echo.base,
        CONNECTOR_RETRIES: "0",
        CONNECTOR_USER_SECRET: "Wq9z",
        CONNECTOR_ORG_SECRET: ORG_SECRET,
      });
      expect(four.code, four.stdout + four.stderr).toBe(5);
      expect(four.stdout + four.stderr).toContain("User ********");
      expect(four.stdout + four.stderr).not.toContain("Wq9z");
    }
    expect(echo.seen.at(-1)?.headers.authorization).toContain("User Wq9z,");
  });

  it("a platform secret with a line break or a character outside Latin-1 is refused (exit 3) naming the variable; one trailing newline is dropped", async () => {
    const platform = await emulator();
    const base = { CONNECTOR_CONFIG_DIR: tempConfigDir(), CONNECTOR_BASE_URL: platform.url, CONNECTOR_ORG_SECRET: ORG_SECRET };
    for (const bad of ["user\nsecret-1234", "user-secret-\u2013dash", "user-\u0007-secret"]) {
      const run = await runFresh(["instances", "list", "--remote", "--json"], { ...base, CONNECTOR_USER_SECRET: bad });
      expect(run.code, run.stdout).toBe(3);
      expect(jsonOf(run).error.problems[0]).toMatchObject({ key: "userSecret", problem: "invalid", env: "CONNECTOR_USER_SECRET" });
      expect(jsonOf(run).error.problems[0].message).toContain("CONNECTOR_USER_SECRET");
    }
    expect(platform.requests).toHaveLength(0);
    const trailing = await runFresh(["login", "--json"], { ...base, CONNECTOR_USER_SECRET: `${USER_SECRET}\n` });
    expect(trailing.code, trailing.stdout).toBe(0);
    expect(String(platform.requests.at(-1)?.headers.authorization)).toContain(`User ${USER_SECRET},`);
  });
});

describe("a password in --base-url", () => {
  it("is masked in text, --json, --dry-run, --verbose, instances list, doctor and login; the store keeps it", async () => {
    const platform = await emulator();
    const password = "pa55-w0rd-in-url";
    const url = platform.url.replace("http://", `http://admin:${password}@`);
    const env = { CONNECTOR_CONFIG_DIR: tempConfigDir(), CONNECTOR_USER_SECRET: USER_SECRET, CONNECTOR_ORG_SECRET: ORG_SECRET, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
    const runs: RunResult[] = [];
    for (const args of [
      ["login"],
      ["login", "--json"],
      ["provision", ...entryFlags("pw"), "--dry-run"],
      ["provision", ...entryFlags("pw"), "--dry-run", "--json"],
      ["provision", ...entryFlags("pw"), "--verbose"],
      ["provision", ...entryFlags("pw"), "--if-exists", "skip", "--json", "--verbose"],
      ["instances", "list"],
      ["instances", "list", "--json"],
      ["instances", "list", "--remote", "--verbose"],
      ["doctor"],
      ["doctor", "--json"],
    ]) {
      runs.push(await runFresh([...args, "--base-url", url], env));
    }
    runs.push(await runFresh(["instances", "list", "--json"], env)); // the stored URL, without --base-url
    runs.push(await runFresh(["--base-url", "http://admin:hunter2-secret@bad host/x", "doctor"], env));
    expect(runs[0]?.code, runs[0]?.stderr).toBe(0);
    expect(runs[4]?.code, runs[4]?.stderr).toBe(0);
    for (const run of runs) {
      expect(run.stdout + run.stderr).not.toContain(password);
      expect(run.stdout + run.stderr).not.toContain("hunter2-secret");
    }
    expect(runs[1]?.stdout).toContain("admin:****@");
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(`${env.CONNECTOR_CONFIG_DIR}/store.json`, "utf8")).toContain(password);
  });
});

describe("an instance is used only on its own platform", () => {
  it("send and instances delete refuse (exit 2) a --base-url or CONNECTOR_BASE_URL naming another platform, naming both, and send nothing there", async () => {
    const home = await emulator();
    const other = await emulator();
    const env = platformEnv(home.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    expect((await runFresh(["provision", ...entryFlags("home")], env)).code).toBe(0);
    const elsewhere = other.url.replace("http://", "http://u:other-pass-123@");
    const runs = [
      await runFresh(["send", "--to", "+15551234567", "--message", "hi", "--instance", "home", "--base-url", elsewhere, "--json"], env),
      await runFresh(["send", "--to", "+15551234567", "--message", "hi", "--instance", "home", "--json"], { ...env, CONNECTOR_BASE_URL: elsewhere }),
      await runFresh(["instances", "delete", "home", "--yes", "--base-url", elsewhere, "--json"], env),
    ];
    for (const run of runs) {
      expect(run.code, run.stdout).toBe(2);
      const message = jsonOf(run).error.message as string;
      expect(message).toContain(home.url);
      expect(message).toContain(other.url.replace("http://", "http://u:****@"));
      expect(run.stdout).not.toContain("other-pass-123");
    }
    expect(other.requests).toHaveLength(0);
    // Same platform (a trailing slash differs): used, with the instance's own platform.
    const same = await runFresh(["send", "--to", "+15551234567", "--message", "hi", "--instance", "home", "--base-url", `${home.url}/`, "--json"], env);
    expect(same.code, same.stdout).toBe(0);
    const sent = await runFresh(["send", "--to", "+15551234567", "--message", "hi", "--instance", "home", "--json"], { ...env, CONNECTOR_BASE_URL: undefined });
    expect(sent.code, sent.stdout).toBe(0);
  });
});

describe("secrets on the command line and text from outside", () => {
  it("--config messaging.sms.twilio.token=... warns like --auth-token", async () => {
    const run = await runFresh(["validate", ...entryFlags("cfg"), "--config", "messaging.sms.twilio.token=5f4dcc3b5aa765d61d8327deb882cf99"], { CONNECTOR_CONFIG_DIR: tempConfigDir() });
    expect(run.stderr).toMatch(/--config messaging\.sms\.twilio\.token=\.\.\. puts a secret in your shell history/);
    expect(run.stderr).not.toContain("5f4dcc3b5aa765d61d8327deb882cf99");
    const plain = await runFresh(["validate", ...entryFlags("cfg"), "--config", "messaging.sms.twilio.sender=+15005550006"], {
      CONNECTOR_CONFIG_DIR: tempConfigDir(),
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    });
    expect(plain.stderr).not.toMatch(/shell history/);
  });

  it("names and platform messages with ANSI escapes, NUL and bidi overrides are shown escaped", async () => {
    const hostile = "evil\u001b]0;owned\u0007\u001b[2J\u0000\u202egnp.exe";
    const server = await startServer((_seen, res) => {
      res.writeHead(400, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ requestId: "r2", message: `refused ${hostile}` }));
    });
    const env = platformEnv(server.base, { TWILIO_AUTH_TOKEN: AUTH_TOKEN, CONNECTOR_RETRIES: "0" });
    const runs = [
      await runFresh(["provision", "--name", hostile, "--account-sid", ACCOUNT_SID, "--sender", "+15005550006", "--dry-run"], env),
      await runFresh(["provision", "--name", hostile, "--account-sid", ACCOUNT_SID, "--sender", "+15005550006"], env),
      await runFresh(["provision", "--name", hostile, "--account-sid", ACCOUNT_SID, "--sender", "+15005550006", "--json"], env),
      await runBinary(["provision", "--name", hostile.replace("\u0000", ""), "--account-sid", ACCOUNT_SID, "--sender", "+15005550006"], { ...env, FORCE_COLOR: "1" }),
      // In GitHub Actions the failure is also an ::error:: annotation, which quotes the message.
      await runFresh(["provision", "--name", hostile, "--account-sid", ACCOUNT_SID, "--sender", "+15005550006"], { ...env, GITHUB_ACTIONS: "true" }),
    ];
    for (const run of runs) {
      const shown = run.stdout + run.stderr;
      for (const raw of ["\u001b]", "\u001b[2J", "\u0000", "\u0007", "\u202e"]) expect(shown).not.toContain(raw);
    }
    expect(runs[1]?.stderr).toContain("\\u001b]0;owned\\u0007\\u001b[2J\\u0000\\u202egnp.exe");
    expect(runs[3]?.stderr).toContain("\u001b[31m"); // our own colours stay
    expect(runs[4]?.stderr).toMatch(/^::error::.*refused evil\\u001b\]0;owned/m);
  });
});
