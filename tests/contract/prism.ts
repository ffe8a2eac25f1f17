// Prism (@stoplight/prism-cli) as a validating mock of an OpenAPI document on 127.0.0.1, a free
// port. A request that breaks the description gets a 422 from it; a missing Authorization a 401.
// Started once per run: its start takes seconds.
// Prism is not a devDependency: its recent versions declare Node 24, so every `npm ci` on Node 20
// warned EBADENGINE for it. It is installed here on first use, like Twilio's OpenAPI files, into
// a cache directory (CONNECTOR_CONTRACT_CACHE, else node_modules/.cache/connector-contract).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const PRISM = "@stoplight/prism-cli@5.16.0";

/** The path of Prism's executable, installed into the cache on first use. */
export function prismBin(cacheDir = contractCacheDir()): string {
  const prefix = join(cacheDir, PRISM.replace(/[@/]/g, "_"));
  const bin = join(prefix, "node_modules", ".bin", "prism");
  if (existsSync(bin)) return bin;
  mkdirSync(prefix, { recursive: true });
  // Prism's engines field names Node 24; it runs on 20 (this test proves it), so the warning is noise here.
  execFileSync("npm", ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", "--engine-strict=false", PRISM], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, SCARF_ANALYTICS: "false" },
  });
  return bin;
}

/** Where the contract test keeps what it fetches (never committed). */
export function contractCacheDir(): string {
  return process.env.CONNECTOR_CONTRACT_CACHE || join("node_modules", ".cache", "connector-contract");
}

export interface RunningPrism {
  url: string;
  /** Everything Prism printed, for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

/** Starts `prism mock` on `spec` and resolves with its URL once it listens. */
export function startPrism(spec: string, timeoutMs = 150_000): Promise<RunningPrism> {
  const bin = prismBin();
  // No analytics from any dependency, no colour in the log we parse.
  const child: ChildProcess = spawn(bin, ["mock", "-h", "127.0.0.1", "-p", "0", spec], {
    env: { ...process.env, SCARF_ANALYTICS: "false", NO_COLOR: "1", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Prism did not start within ${timeoutMs / 1000} s:\n${output.slice(-2000)}`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGTERM");
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve({ url: match[1], log: () => output, stop: () => stopChild(child) });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("error", (error) => fail(error));
    child.on("exit", (code) => fail(new Error(`Prism exited (${code}) before listening:\n${output.slice(-2000)}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
