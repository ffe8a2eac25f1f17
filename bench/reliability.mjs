#!/usr/bin/env node
// The reliability figures of the README, end to end: `connector emulator --faults --seed` in
// one process, N `connector provision` processes (the built binary) into one store, then an
// audit: duplicate instances on the platform, platform instances whose token is not stored,
// stored tokens that are not the platform's, exit codes seen, faults injected.
//   npm run build && node bench/reliability.mjs [runs=500] [concurrency=8] [seed=2024]
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [runs = 500, concurrency = 8, seed = 2024] = process.argv.slice(2).map(Number);
const FAULTS = "503:0.07,429=0:0.06,500:0.05,reset:0.06,commit-then-reset:0.07,hang:0.04";
// A snapshot of the build, so that a rebuild during the run (npm test builds) cannot break it.
const snapshot = mkdtempSync(join(tmpdir(), "connector-bench-build-"));
for (const part of ["bin", "dist", "package.json"]) cpSync(new URL(`../${part}`, import.meta.url), join(snapshot, part), { recursive: true });
symlinkSync(new URL("../node_modules", import.meta.url).pathname, join(snapshot, "node_modules"));
const BIN = join(snapshot, "bin", "connector.js");
const AUTH = "User bench-user-secret, Organization bench-org-secret";

function start(args, env) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const done = new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return { child, done, stdout: () => stdout, stderr: () => stderr };
}

const emulator = start(["emulator", "--port", "0", "--json", "--faults", FAULTS, "--seed", String(seed)], {});
while (!emulator.stdout().includes("\n")) await new Promise((resolve) => setTimeout(resolve, 20));
const url = JSON.parse(emulator.stdout().split("\n")[0]).url;

const configDir = join(mkdtempSync(join(tmpdir(), "connector-bench-")), "config");
const env = {
  CONNECTOR_CONFIG_DIR: configDir,
  CONNECTOR_BASE_URL: url,
  CONNECTOR_USER_SECRET: "bench-user-secret",
  CONNECTOR_ORG_SECRET: "bench-org-secret",
  TWILIO_AUTH_TOKEN: "5f4dcc3b5aa765d61d8327deb882cf99",
};
const exitCodes = {};
const errorCodes = {};
let malformed = 0;
let next = 0;
const started = Date.now();
async function worker() {
  while (next < runs) {
    const name = `bench-${next++}`;
    const args = ["provision", "--name", name, "--account-sid", "AC0123456789abcdef0123456789abcdef", "--sender", "+15005550006", "--no-input", "--json", "--timeout", "1"];
    const result = await start(args, env).done;
    exitCodes[result.code] = (exitCodes[result.code] ?? 0) + 1;
    if (result.code !== 0 && result.code !== 6 && process.env.BENCH_SHOW) console.error(name, result.code, result.stdout, result.stderr);
    if (/\n\s+at /.test(result.stderr) || result.stdout.trim().split("\n").length !== 1) malformed++;
    else if (result.code !== 0) {
      const code = JSON.parse(result.stdout).error.code;
      errorCodes[code] = (errorCodes[code] ?? 0) + 1;
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (Date.now() - started) / 1000;

/** The platform's instances, asking again through the injected faults. */
async function platformInstances() {
  for (;;) {
    try {
      const response = await fetch(`${url}/instances?pageSize=100000`, { headers: { Authorization: AUTH }, signal: AbortSignal.timeout(2_000) });
      if (response.ok) return await response.json();
    } catch {
      // an injected reset or hang: ask again
    }
  }
}
const instances = await platformInstances();
emulator.child.kill("SIGTERM");
await emulator.done;
const served = /Served (\d+) requests, injected (\d+) faults(?: \((.*)\))?/.exec(emulator.stderr());

const stored = JSON.parse(readFileSync(join(configDir, "store.json"), "utf8")).instances ?? [];
const storedById = new Map(stored.map((record) => [record.id, record]));
const names = new Map();
for (const instance of instances) names.set(instance.name, (names.get(instance.name) ?? 0) + 1);
const report = {
  runs,
  concurrency,
  seed,
  faults: FAULTS,
  seconds,
  requests: Number(served?.[1]),
  faultsInjected: Number(served?.[2]),
  faultRate: served ? Math.round((1000 * Number(served[2])) / Number(served[1])) / 10 : null,
  faultsByKind: served?.[3] ?? null,
  exitCodes,
  errorCodes,
  malformed,
  platformInstances: instances.length,
  storedInstances: stored.length,
  duplicates: [...names.values()].filter((count) => count > 1).length,
  lostTokens: instances.filter((instance) => storedById.get(instance.id)?.token !== instance.token).length,
  storedButNotOnPlatform: stored.filter((record) => !instances.some((instance) => instance.id === record.id)).length,
};
console.log(JSON.stringify(report, null, 2));
process.exitCode = report.duplicates === 0 && report.lostTokens === 0 && report.storedButNotOnPlatform === 0 && malformed === 0 ? 0 : 1;
