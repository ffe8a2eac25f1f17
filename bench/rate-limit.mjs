// `npm run bench -- rate [--rate R] [--no-retry-after | --retry-after] [--concurrency C] [--count N]`:
// batches against a platform that limits its creates. A token bucket in front of
// `connector emulator` lets R POST /instances a second through (burst R/10) and answers the rest
// 429, with `Retry-After: 1` or, as Twilio does for 20429, with none. Each scenario is one
// `provision --batch --if-exists create` of N instances; it reports the wall time against N/R,
// the failures, the duplicates (instances created twice) and the 429s per success, against the
// target: 0 failed, 0 duplicates, wall within 1.3 × N/R + 3 s, fewer than 0.2 429s per success.
// With no option every scenario runs (R = 20 and 100, with and without Retry-After, default
// concurrency and 64: several minutes); the options pick some. Each row is also written into
// bench/README.md (between its bench:rate marks, replacing that scenario's row) unless BENCH_NO_README=1.
import { spawn } from "node:child_process";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, buildPrivateCopy, startEmulatorProcess } from "./lib.mjs";

const AUTH_TOKEN = "5f4dcc3b5aa765d61d8327deb882cf99";

/** The scenarios the command line picks: every combination of the values given (all when none is). */
export function scenariosOf(argv) {
  const pick = (flag) => argv.flatMap((arg, i) => (arg === flag ? [argv[i + 1]] : []));
  const rates = pick("--rate").map(Number);
  const concurrencies = pick("--concurrency").map(Number);
  const count = pick("--count").map(Number)[0] ?? 2000;
  const retryAfter = argv.includes("--no-retry-after") && !argv.includes("--retry-after") ? [false] : argv.includes("--retry-after") && !argv.includes("--no-retry-after") ? [true] : [true, false];
  const list = [];
  for (const rate of rates.length ? rates : [20, 100])
    for (const ra of retryAfter) for (const concurrency of concurrencies.length ? concurrencies : [8, 64]) list.push({ rate, retryAfter: ra, concurrency, count });
  for (const s of list) if (!(s.rate > 0 && s.concurrency >= 1 && s.count >= 1)) throw new Error(`a bad scenario: ${JSON.stringify(s)}`);
  return list;
}

/** A token bucket in front of `target` for POST …/instances: `rate` a second, burst `rate / 10`; counts what it lets through. */
export function startLimiter(target, { rate, retryAfter }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const burst = Math.max(1, rate / 10);
  let tokens = burst;
  let last = performance.now();
  const stats = { refused: 0, created: 0, names: new Map() };
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const creating = req.method === "POST" && /\/instances$/.test(req.url.split("?")[0]);
      if (creating) {
        const now = performance.now();
        tokens = Math.min(burst, tokens + ((now - last) * rate) / 1000);
        last = now;
        if (tokens < 1) {
          stats.refused++;
          res.writeHead(429, { "content-type": "application/json", ...(retryAfter ? { "retry-after": "1" } : {}) });
          res.end(JSON.stringify({ requestId: "bench-limit", message: "Too many requests" }));
          return;
        }
        tokens -= 1;
      }
      const headers = { ...req.headers, host: upstream.host };
      const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (answer) => {
        const parts = [];
        answer.on("data", (chunk) => parts.push(chunk));
        answer.on("end", () => {
          if (creating && answer.statusCode < 300) {
            stats.created++;
            const name = JSON.parse(body.toString()).name;
            stats.names.set(name, (stats.names.get(name) ?? 0) + 1);
          }
          res.writeHead(answer.statusCode, answer.headers);
          res.end(Buffer.concat(parts));
        });
      });
      out.on("error", () => (res.writeHead(502), res.end()));
      out.end(body);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}${upstream.pathname}`,
        stats,
        stop: () => new Promise((done) => (agent.destroy(), server.closeAllConnections(), server.close(() => done()))),
      }),
    ),
  );
}

/** Like lib.mjs's timeRun, but without blocking this process: the limiter answers from its event loop. */
function timeRunAsync(args, env) {
  const started = performance.now();
  const child = spawn(args[0], args.slice(1), { env, stdio: ["ignore", "pipe", "pipe"] });
  const out = [];
  const err = [];
  child.stdout.on("data", (chunk) => out.push(chunk));
  child.stderr.on("data", (chunk) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ ms: performance.now() - started, status, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

function instanceLine(name) {
  return JSON.stringify({
    element: { key: "twilio" },
    name,
    configuration: { "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef", "messaging.sms.twilio.token": AUTH_TOKEN, "messaging.sms.twilio.sender": "+15005550006" },
  });
}

/** Runs one scenario on a fresh emulator and limiter; its figures. */
async function runScenario(bin, work, scenario, index) {
  const emulator = await startEmulatorProcess(bin);
  const limiter = await startLimiter(emulator.url, scenario);
  try {
    const file = join(work, `rate-${index}.ndjson`);
    writeFileSync(file, Array.from({ length: scenario.count }, (_, i) => instanceLine(`rate-${index}-${i}`)).join("\n") + "\n");
    const env = {
      PATH: process.env.PATH,
      CONNECTOR_CONFIG_DIR: join(work, `cfg-${index}`),
      CONNECTOR_CACHE_DIR: join(work, "code-cache"),
      CONNECTOR_BASE_URL: limiter.url,
      CONNECTOR_USER_SECRET: "bench-user",
      CONNECTOR_ORG_SECRET: "bench-org",
    };
    const args = [
      process.execPath,
      bin,
      "provision",
      "--batch",
      file,
      "--if-exists",
      "create",
      "--json",
      "--no-input",
      ...(scenario.concurrency === 8 ? [] : ["--concurrency", String(scenario.concurrency)]),
    ];
    const run = await timeRunAsync(args, env);
    const last = run.stdout.trim().split("\n").at(-1) ?? "";
    const summary = last.startsWith("{") ? JSON.parse(last) : {};
    if (summary.type !== "summary") throw new Error(`the batch printed no summary (exit ${run.status}):\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
    const duplicates = [...limiter.stats.names.values()].reduce((sum, n) => sum + n - 1, 0);
    const ideal = scenario.count / scenario.rate;
    const limit = 1.3 * ideal + 3;
    const wall = run.ms / 1000;
    const per = limiter.stats.refused / Math.max(1, summary.succeeded);
    return {
      ...scenario,
      wall,
      ideal,
      limit,
      failed: summary.failed,
      duplicates,
      refused: limiter.stats.refused,
      counted: summary.rateLimited,
      per,
      met: summary.failed === 0 && duplicates === 0 && wall <= limit && per < 0.2,
    };
  } finally {
    await limiter.stop();
    await emulator.stop();
  }
}

const labelOf = (s) => `R = ${s.rate}/s, ${s.retryAfter ? "Retry-After: 1" : "no Retry-After"}, concurrency ${s.concurrency}${s.concurrency === 8 ? " (default)" : ""}, N = ${s.count}`;
const rowOf = (r) =>
  `| ${labelOf(r)} | ${r.wall.toFixed(1)} s | ${r.ideal.toFixed(1)} s (≤ ${r.limit.toFixed(1)} s) | ${r.failed} | ${r.duplicates} | ${r.refused} (${r.per.toFixed(3)}) | ${r.met ? "yes" : "**no**"} |`;

/** `npm run bench -- rate …`: the scenarios asked for, printed and recorded. */
export async function runRateBench(argv) {
  const scenarios = scenariosOf(argv);
  const log = (line) => process.stderr.write(`${line}\n`);
  const { dir, bin } = buildPrivateCopy();
  const work = mkdtempSync(join(tmpdir(), "connector-bench-rate-"));
  const rows = [];
  try {
    for (const [index, scenario] of scenarios.entries()) {
      log(`rate limit: ${labelOf(scenario)}...`);
      const result = await runScenario(bin, work, scenario, index);
      log(`  ${result.wall.toFixed(1)} s (N/R ${result.ideal.toFixed(1)} s), ${result.failed} failed, ${result.duplicates} duplicates, ${result.refused} 429s (${result.counted} counted by the CLI)`);
      rows.push(result);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
  const os = await import("node:os");
  const stamp = `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, load ${os.loadavg()[0].toFixed(1)}`;
  const table = ["| scenario | wall | N/R (target) | failed | duplicates | 429s (per success) | met |", "|---|---|---|---|---|---|---|", ...rows.map(rowOf)];
  console.log(table.join("\n"));
  record(rows.map((r) => ({ label: labelOf(r), line: `${rowOf(r)} ${stamp} |` })));
}

/** Writes each row into bench/README.md's rate table, replacing the row of the same scenario. */
function record(rows) {
  const readme = join(ROOT, "bench/README.md");
  const text = readFileSync(readme, "utf8");
  const [start, end] = ["<!-- bench:rate:start -->", "<!-- bench:rate:end -->"];
  if (!text.includes(start) || !text.includes(end) || process.env.BENCH_NO_README === "1") return;
  const before = text.slice(0, text.indexOf(start) + start.length);
  const after = text.slice(text.indexOf(end));
  const kept = text
    .slice(before.length, text.indexOf(end))
    .split("\n")
    .filter((line) => line.startsWith("| R = ") && !rows.some((row) => line.startsWith(`| ${row.label} |`)));
  const lines = [...kept, ...rows.map((row) => row.line)].sort();
  const head = ["| scenario | wall | N/R (target) | failed | duplicates | 429s (per success) | met | measured |", "|---|---|---|---|---|---|---|---|"];
  writeFileSync(readme, `${before}\n${[...head, ...lines].join("\n")}\n${after}`);
  process.stderr.write(`the rows are written to ${readme}\n`);
}
