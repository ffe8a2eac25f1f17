// Shared pieces of the benchmark: a private build of the CLI, timed child processes, the
// emulator as a child process, and a small HTTP load generator. Nothing here leaves loopback.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Builds the CLI into a temporary directory (so a concurrent `npm test` rebuilding dist/ cannot disturb it). */
export function buildPrivateCopy() {
  const dir = mkdtempSync(join(tmpdir(), "connector-bench-"));
  const built = spawnSync(process.execPath, [join(ROOT, "scripts/build.mjs"), "--outdir", join(dir, "dist")], { cwd: ROOT, stdio: "inherit" });
  if (built.status !== 0) throw new Error("the build failed");
  cpSync(join(ROOT, "bin"), join(dir, "bin"), { recursive: true });
  copyFileSync(join(ROOT, "package.json"), join(dir, "package.json"));
  return { dir, bin: join(dir, "bin/connector.js") };
}

/** Wall time in ms of one process run to its end, stdout and stderr captured. */
export function timeRun(args, options = {}) {
  const started = process.hrtime.bigint();
  const run = spawnSync(args[0], args.slice(1), { stdio: ["pipe", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024, ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0 && !options.allowFailure) throw new Error(`${args.join(" ")} exited ${run.status}:\n${run.stderr}`);
  return { ms, status: run.status, stdout: run.stdout?.toString() ?? "", stderr: run.stderr?.toString() ?? "" };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs each command `rounds` times, interleaved round by round with the others (so a burst of
 * load on the machine hits every command alike), after one warm-up run each; medians in ms.
 */
export function medians(commands, rounds) {
  const times = commands.map(() => []);
  for (const command of commands) command.run(-1);
  for (let round = 0; round < rounds; round++) {
    for (const [i, command] of commands.entries()) times[i].push(command.run(round));
  }
  return times.map((list) => ({ median: median(list), min: Math.min(...list), runs: list.length }));
}

export { startEmulatorProcess } from "../scripts/emulator-process.mjs";

/** Starts a bare node:http server answering every POST with a fixed JSON body: the floor for the emulator. */
export function startBareServer() {
  const script = `const http=require("node:http");const body=JSON.stringify({id:1,name:"x",token:"t".repeat(32),element:{key:"twilio"}});
http.createServer((req,res)=>{req.resume();req.on("end",()=>{res.writeHead(200,{"content-type":"application/json"});res.end(body);});}).listen(0,"127.0.0.1",function(){console.log(JSON.stringify({url:"http://127.0.0.1:"+this.address().port}))});`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve) => {
    child.stdout.once("data", (chunk) => resolve({ url: JSON.parse(String(chunk)).url, stop: () => new Promise((done) => (child.once("exit", done), child.kill("SIGTERM"))) }));
  });
}

/** POSTs `body` to `url` `total` times, `inFlight` at a time over keep-alive connections; requests per second. */
export async function loadTest(url, { total, inFlight, headers = {}, body }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
  const payload = JSON.stringify(body);
  let sent = 0;
  let failed = 0;
  const one = () =>
    new Promise((resolve) => {
      const req = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...headers } }, (res) => {
        if (res.statusCode >= 300) failed++;
        res.resume();
        res.on("end", resolve);
      });
      req.on("error", () => (failed++, resolve()));
      req.end(payload);
    });
  const worker = async () => {
    while (sent < total) {
      sent++;
      await one();
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return { perSecond: total / seconds, failed };
}

/** Peak RSS in MiB of a child process run with bench/rss-probe.mjs preloaded. */
export function readPeakRss(file) {
  return Number(readFileSync(file, "utf8")) / 1024;
}
