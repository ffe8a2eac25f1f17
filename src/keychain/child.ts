// Keychain calls in a child process, for where a call can block for ever: a locked keyring
// with a display waits for its password to be typed into a prompt, and nothing in-process ends
// that wait (neither an AbortSignal, a Worker nor process.exit), while a child can be killed.
// The child is this same node running runKeychainOps from its source text; the request,
// secrets included, goes through its stdin, never its command line.
import { spawn } from "node:child_process";
import { CliError } from "../errors.ts";
import { runKeychainOps, type KeychainOp, type KeychainReply } from "./operations.ts";

const CHILD_SOURCE = `"use strict";
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const run = (${runKeychainOps.toString()});
  process.stdout.write(JSON.stringify(run(() => require(request.modulePath), request.service, request.ops)));
});
`;

export interface ChildOptions {
  /** The environment the child runs with (the command's: its D-Bus address and display). */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The child's reply; a CliError "timeout" (exit 6) once `timeoutMs` pass, the child killed. */
export function runInChild(modulePath: string, service: string, ops: KeychainOp[], options: ChildOptions): Promise<KeychainReply> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", CHILD_SOURCE], { env: options.env, stdio: ["pipe", "pipe", "pipe"], windowsHide: true });
    const out: Buffer[] = [];
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      outcome();
    };
    const timer = setTimeout(() => finish(() => reject(timeoutError(options.timeoutMs))), options.timeoutMs);
    const onAbort = () => finish(() => reject(options.signal?.reason instanceof Error ? options.signal.reason : new Error("interrupted")));
    options.signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.resume(); // the native module's own complaints: the reply says what failed
    child.stdin.on("error", () => undefined); // a child that died early: its exit says so
    child.on("error", (error) => finish(() => resolve({ loadFault: { message: `cannot start ${process.execPath}: ${error.message}`, causes: [] } })));
    child.on("close", (code, signal) =>
      finish(() => {
        try {
          resolve(JSON.parse(Buffer.concat(out).toString("utf8")) as KeychainReply);
        } catch {
          resolve({ loadFault: { message: `the keychain helper process ended (${signal ?? `exit ${code}`}) without an answer`, causes: [] } });
        }
      }),
    );
    child.stdin.end(JSON.stringify({ modulePath, service, ops }));
  });
}

function timeoutError(timeoutMs: number): CliError {
  return new CliError(
    "timeout",
    `The OS keychain did not answer within ${timeoutMs / 1000} s: it is probably locked, waiting for its password in a prompt.`,
    "Unlock the keychain (or answer its prompt) and run the command again; set CONNECTOR_KEYCHAIN_TIMEOUT (seconds) to wait longer; or run connector login --insecure-storage to keep the platform secrets in the 0600 store file instead.",
  );
}
