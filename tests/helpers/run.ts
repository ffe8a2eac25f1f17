// Two ways to run the CLI in tests: in-process through main() (fast, same code path as the
// binary after parsing), and the built binary spawned as a user would run it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import type { Prompter } from "../../src/context.ts";
import { main } from "../../src/main.ts";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const BIN = new URL("../../bin/connector.js", import.meta.url).pathname;

/** A fresh, empty CONNECTOR_CONFIG_DIR (the directory itself does not exist yet). */
export function tempConfigDir(): string {
  return join(mkdtempSync(join(tmpdir(), "connector-test-")), "config");
}

/**
 * Tests keep platform secrets in the store file unless they say otherwise (tests/keychain/ does):
 * a `login` must never write into the keychain of the machine the tests run on.
 */
const NO_KEYCHAIN = { CONNECTOR_CREDENTIAL_STORE: "file" };

/**
 * Runs main() in-process with its own streams and environment (never the real process env).
 * With `prompter`, stdin and stdout are a terminal whose questions `prompter` answers (helpers/prompts.ts).
 */
export async function runInProcess(args: string[], env: NodeJS.ProcessEnv, input = "", prompter?: Prompter): Promise<RunResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk));
  stderr.on("data", (chunk: Buffer) => err.push(chunk));
  const atTerminal = prompter !== undefined;
  const io = { stdin: Readable.from([input]), stdout, stderr, env: { PATH: process.env.PATH, ...NO_KEYCHAIN, ...env }, stdinIsTTY: atTerminal, stdoutIsTTY: atTerminal, stderrIsTTY: false, prompter };
  const code = await main(args, io);
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

/**
 * What a spawned binary gets besides its test's own environment: PATH, and the code cache the
 * whole run shares (tests/global-setup.ts), so no test writes into the user's ~/.cache.
 */
export function spawnBaseEnv(): NodeJS.ProcessEnv {
  const cache = process.env.CONNECTOR_CACHE_DIR;
  return { PATH: process.env.PATH, ...NO_KEYCHAIN, ...(cache ? { CONNECTOR_CACHE_DIR: cache } : {}) };
}

const running = new Set<ChildProcess>();
let exitHooked = false;

/**
 * Keeps `child` on a list that is killed when the test process ends: a test that times out
 * abandons its child, which would otherwise go on using the machine after the run. The exit
 * hook is added once per test process (one per child would pile up listeners).
 */
export function killOnExit(child: ChildProcess): void {
  if (!exitHooked) {
    exitHooked = true;
    process.once("exit", () => running.forEach((c) => c.kill("SIGKILL")));
  }
  running.add(child);
  child.once("close", () => running.delete(child));
}

/** Spawns the built binary (bin/connector.js -> dist/) with exactly `env` plus spawnBaseEnv(), in `cwd` (default: this process's). */
export function runBinary(args: string[], env: NodeJS.ProcessEnv, input?: string, cwd?: string): Promise<RunResult> {
  return runEntry(BIN, args, env, input, cwd);
}

/** Like runBinary, for another copy of the entry (a test's own copy of the package). */
export function runEntry(entry: string, args: string[], env: NodeJS.ProcessEnv, input?: string, cwd?: string): Promise<RunResult> {
  const child = spawn(process.execPath, [entry, ...args], { cwd, env: { ...spawnBaseEnv(), ...env }, stdio: ["pipe", "pipe", "pipe"] });
  ignoreClosedPipe(child.stdin);
  child.stdin.end(input ?? "");
  return outcomeOf(child);
}

/** What a spawned child printed and its exit code, once it has closed; killed if the test process ends first. */
export function outcomeOf(child: ChildProcess): Promise<RunResult> {
  killOnExit(child);
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * A child that exits before reading its input closes the pipe: writing the rest then fails with
 * EPIPE, which is how such a child is meant to end, not a failure of the test.
 */
export function ignoreClosedPipe(stdin: NodeJS.WritableStream): void {
  stdin.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

/** Parses stdout as exactly one JSON document (the contract of --json). */
// Tests walk the documents freely; the assertions themselves check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function jsonOf(result: RunResult): Record<string, any> {
  const lines = result.stdout.trim().split("\n");
  if (lines.length !== 1) throw new Error(`expected one JSON line on stdout, got ${lines.length}:\n${result.stdout}\nstderr:\n${result.stderr}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return JSON.parse(lines[0] ?? "") as Record<string, any>;
}
