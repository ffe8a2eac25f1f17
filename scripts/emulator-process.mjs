// `connector emulator` as a child process on a free port, for the scripts and benchmarks that need
// a platform: resolves once it prints its JSON start-up line, with its URL and a stop().
import { spawn } from "node:child_process";

/** Starts `<bin> emulator --port 0 --json ...flags`; rejects if it exits before listening. */
export function startEmulatorProcess(bin, flags = []) {
  const child = spawn(process.execPath, [bin, "emulator", "--port", "0", "--json", ...flags], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`the emulator exited (${code}) before listening`)));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (!line) return;
      const { url } = JSON.parse(line);
      child.removeAllListeners("exit");
      // kill() is SIGTERM on POSIX and an outright end on Windows, where SIGTERM is never delivered.
      resolve({ url, pid: child.pid, stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once("exit", done), child.kill()))) });
    });
  });
}
