// A terminal session of the kind tests/help-examples.test.ts runs the help's examples in: its own
// directory, HOME, CONNECTOR_CONFIG_DIR and emulator, the built binary as `connector` on PATH, the
// `export` lines typed so far, and what runs in the background. Lines run as a user's shell runs
// them: `bash -o pipefail -c`, at a real terminal (tmux) when they ask, or left running.
import { spawn } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.ts";
import { closedPort } from "./fake-twilio.ts";
import { AUTH_TOKEN, ORG_SECRET, USER_SECRET } from "./platform.ts";
import { BIN, killOnExit, outcomeOf, type RunResult } from "./run.ts";
import { waitUntil } from "./spawn-cli.ts";
import { openShellTerminal } from "./terminal.ts";

const REPO = new URL("../..", import.meta.url).pathname;

export interface Session {
  dir: string;
  env: NodeJS.ProcessEnv;
  emulator: RunningEmulator;
  /** A free loopback port for what the examples would run on 127.0.0.1:8787. */
  port: number;
  /** The `export` lines typed so far: each later line runs after them. */
  exports: string[];
  background: Background[];
  /** Stops the emulator and removes the session's directory. */
  close(): Promise<void>;
}

export interface Background {
  example: string;
  /** Interrupts it (Ctrl-C, to its whole process group) and waits for its end. */
  stop(): Promise<RunResult>;
}

/** A fresh directory, emulator, HOME and config dir; `connector` on PATH is the built binary. */
export async function openSession(options: { platformInEnvironment: boolean; twilioUrl: string }): Promise<Session> {
  const dir = mkdtempSync(join(tmpdir(), "connector-examples-"));
  const home = join(dir, "home");
  const bin = join(dir, "bin");
  for (const d of [home, bin, join(dir, "work")]) mkdirSync(d, { recursive: true });
  writeFileSync(join(bin, "connector"), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`);
  chmodSync(join(bin, "connector"), 0o755);
  copyFileSync(join(REPO, "instance.example.json"), join(dir, "work", "instance.example.json"));
  cpSync(join(REPO, "examples"), join(dir, "work", "examples"), { recursive: true }); // what the docs' examples read, as in a clone
  const emulator = await startEmulator({ port: 0 });
  const platformVars = !options.platformInEnvironment ? {} : { CONNECTOR_BASE_URL: emulator.url, CONNECTOR_USER_SECRET: USER_SECRET, CONNECTOR_ORG_SECRET: ORG_SECRET };
  const env = {
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    HOME: home,
    LANG: "C.UTF-8",
    CONNECTOR_CONFIG_DIR: join(home, ".config", "connector"),
    CONNECTOR_CACHE_DIR: join(home, ".cache", "connector"),
    TWILIO_API_URL: options.twilioUrl, // Twilio itself is never asked: its stand-in on loopback is
    ...platformVars,
  };
  const close = async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir: join(dir, "work"), env, emulator, port: await closedPort(), exports: [], background: [], close };
}

/** Runs one line with the session's exports before it, as a user's shell would. */
export function runLine(line: string, session: Session, shell = "bash"): Promise<RunResult> {
  const script = [...session.exports, line].join("\n");
  const args = shell === "bash" ? ["-o", "pipefail", "-c", script] : ["-c", script];
  return outcomeOf(spawn(shell, args, { cwd: session.dir, env: session.env, stdio: ["ignore", "pipe", "pipe"] }));
}

/** Runs one line at a real terminal, answering each prompt (text to wait for, then keys) in turn. */
export async function runAtTerminal(line: string, session: Session, answers: [string, ...string[]][]): Promise<RunResult> {
  const terminal = openShellTerminal([...session.exports, line].join("\n"), session.env, session.dir);
  try {
    for (const [prompt, ...keys] of answers) {
      await terminal.waitFor(prompt, 15_000);
      terminal.keys(...keys);
    }
    const code = await terminal.exitCode(15_000);
    return { code, stdout: terminal.screen(), stderr: "" };
  } finally {
    terminal.close();
  }
}

/** Starts a long-running example (the emulator) in its own process group and waits until it answers HTTP. */
export async function startInBackground(example: string, line: string, session: Session): Promise<Background> {
  const script = [...session.exports, line].join("\n");
  const child = spawn("bash", ["-o", "pipefail", "-c", script], { cwd: session.dir, env: session.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  killOnExit(child);
  let stdout = "";
  let stderr = "";
  let exited = false;
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<RunResult>((resolve) => child.on("close", (code, signal) => ((exited = true), resolve({ code: code ?? (signal === "SIGINT" ? 130 : -1), stdout, stderr }))));
  const urlOf = () => /http:\/\/127\.0\.0\.1:\d+\/elements\/api-v2/.exec(stdout)?.[0];
  try {
    await waitUntil(() => exited || urlOf() !== undefined, 15_000);
  } catch {
    throw new Error(`it never printed its URL\nstdout: ${stdout}\nstderr: ${stderr}`);
  }
  const url = urlOf();
  if (!url) throw new Error(`it ended before listening\nstdout: ${stdout}\nstderr: ${stderr}`);
  await fetch(`${url}/elements/twilio`); // any answer (a 401, an injected 503) shows that it listens; no answer throws
  return {
    example,
    async stop() {
      if (!exited && child.pid) process.kill(-child.pid, "SIGINT");
      return done;
    },
  };
}

/** The instance tokens in the session's store. */
export function storedTokensOf(session: Session): string[] {
  let store = "";
  try {
    store = readFileSync(join(session.env.CONNECTOR_CONFIG_DIR ?? "", "store.json"), "utf8");
  } catch {
    return [];
  }
  return [...store.matchAll(/"token":\s*"([^"]+)"/g)].map((m) => m[1] ?? "");
}

/** Every secret the session knows of: the platform secrets and Auth Tokens, given or exported, and every stored instance token. */
export function secretsOf(session: Session): string[] {
  const exported = session.exports.flatMap((line) => [...line.matchAll(/\b(?:CONNECTOR_USER_SECRET|CONNECTOR_ORG_SECRET|TWILIO_AUTH_TOKEN)=([^\s#]+)/g)].map((m) => m[1] ?? ""));
  return [USER_SECRET, ORG_SECRET, AUTH_TOKEN, ...exported, ...storedTokensOf(session)].filter((secret) => secret.length >= 8);
}
