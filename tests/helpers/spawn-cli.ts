// The built binary as a child the test can signal or kill mid-run (runBinary only waits).
import { spawn, type ChildProcess } from "node:child_process";
import { BIN, ignoreClosedPipe, killOnExit, spawnBaseEnv, type RunResult } from "./run.ts";

export interface RunningCli {
  child: ChildProcess;
  /** Resolves when the process ends; `code` is -1 when a signal ended it. */
  done: Promise<RunResult & { signal: NodeJS.Signals | null }>;
}

/** Spawns bin/connector.js with exactly `env` plus PATH; stdin is closed at once. */
export function startCli(args: string[], env: NodeJS.ProcessEnv): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...spawnBaseEnv(), ...env }, stdio: ["pipe", "pipe", "pipe"] });
  killOnExit(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  if (child.stdin) ignoreClosedPipe(child.stdin);
  child.stdin?.end();
  const done = new Promise<RunResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Polls `check` every 5 ms until it holds; throws after `limitMs`. */
export async function waitUntil(check: () => boolean, limitMs = 10_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
