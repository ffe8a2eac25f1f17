// `npm run bench`: every figure next to a baseline measured in the same run, printed as a table
// and written into bench/README.md (between its bench:table marks). Builds a private copy of the
// CLI, starts its own emulators on loopback: start-up of the common commands against `node -e 0`
// (median of ROUNDS interleaved runs); batch throughput at 25 ms latency against a bare undici
// client process doing the same POSTs (median of BATCH_ROUNDS alternating runs); peak RSS of a
// 10,000-instance batch; `apply` against `provision --batch` and `plan` against its ideal
// (bench/plan-apply.mjs); the emulator's own throughput against a bare node:http server.
// BENCH_ROUNDS, BENCH_BATCH, BENCH_BATCH_ROUNDS, BENCH_RSS_BATCH, BENCH_APPLY and BENCH_PLAN
// scale it; BENCH_NO_README=1 leaves the README alone; BENCH_ONLY=startup measures the start-up
// rows only (a minute). `npm run bench -- rate …` runs the rate-limit scenarios instead.
import { buildSync } from "esbuild";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, buildPrivateCopy, loadTest, median, medians, readPeakRss, startBareServer, startEmulatorProcess, timeRun } from "./lib.mjs";
import { planApplyRows } from "./plan-apply.mjs";

// `npm run bench -- rate …` runs the rate-limit scenarios alone (bench/rate-limit.mjs), not the rest.
if (process.argv[2] === "rate") {
  const { runRateBench } = await import("./rate-limit.mjs");
  await runRateBench(process.argv.slice(3));
  process.exit(0);
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const BATCH = Number(process.env.BENCH_BATCH ?? 5000);
const BATCH_ROUNDS = Number(process.env.BENCH_BATCH_ROUNDS ?? 3);
const RSS_BATCH = Number(process.env.BENCH_RSS_BATCH ?? 10000);
const STARTUP_ONLY = process.env.BENCH_ONLY === "startup";
const LATENCY_MS = 25;
const CONCURRENCY = 16;
const AUTH_TOKEN = "5f4dcc3b5aa765d61d8327deb882cf99";
const AUTH_HEADERS = { authorization: "User bench-user, Organization bench-org", accept: "application/json" };
const node = process.execPath;
const work = mkdtempSync(join(tmpdir(), "connector-bench-work-"));
const rows = [];
const log = (line) => process.stderr.write(`${line}\n`);

const { dir, bin } = buildPrivateCopy();
// The bench's own code cache (src/startup/code-cache.ts), filled by each command's first run: the rows
// show the runs a user makes after the first one; the row "without a code cache" shows a first.
const cacheDir = join(work, "code-cache");
const platformEnv = (configDir, url) => ({
  PATH: process.env.PATH,
  CONNECTOR_CONFIG_DIR: configDir,
  CONNECTOR_CACHE_DIR: cacheDir,
  CONNECTOR_BASE_URL: url,
  CONNECTOR_USER_SECRET: "bench-user",
  CONNECTOR_ORG_SECRET: "bench-org",
  TWILIO_AUTH_TOKEN: AUTH_TOKEN,
});
const quietEnv = { PATH: process.env.PATH, CONNECTOR_CONFIG_DIR: join(work, "quiet"), CONNECTOR_CACHE_DIR: cacheDir };

function instanceLine(name) {
  return JSON.stringify({
    element: { key: "twilio" },
    name,
    tags: ["bench"],
    configuration: { "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef", "messaging.sms.twilio.token": AUTH_TOKEN, "messaging.sms.twilio.sender": "+15005550006" },
  });
}

function writeBatch(count, prefix) {
  const file = join(work, `${prefix}.ndjson`);
  writeFileSync(file, Array.from({ length: count }, (_, i) => instanceLine(`${prefix}-${i}`)).join("\n") + "\n");
  return file;
}

let batches = 0;

/** Runs a batch in a fresh config dir; checks that every instance succeeded; instances per second of the whole command. */
function runBatch(file, count, url, { flags = [], nodeFlags = [], env = {} } = {}) {
  const args = [node, ...nodeFlags, bin, "provision", "--batch", file, "--concurrency", String(CONCURRENCY), "--json", "--no-input", ...flags];
  const run = timeRun(args, { env: { ...platformEnv(join(work, `batch-cfg-${++batches}`), url), ...env } });
  const summary = JSON.parse(run.stdout.trim().split("\n").at(-1));
  if (summary.total !== count || summary.failed !== 0) throw new Error(`batch did not fully succeed: ${JSON.stringify(summary)}`);
  return { perSecond: count / (run.ms / 1000), ms: run.ms };
}

const emulator = await startEmulatorProcess(bin);
const slow = await startEmulatorProcess(bin, ["--latency", String(LATENCY_MS)]);
try {
  log(`start-up: ${ROUNDS} interleaved rounds...`);
  const provisionEnv = platformEnv(join(work, "provision-cfg"), emulator.url);
  timeRun([node, bin, "provision", "--file", "instance.example.json", "--name", "bench-stored", "--no-input"], { env: provisionEnv, cwd: ROOT });
  // The floors of any program that prints one line to stdout, from beside bin/connector.js.
  const esmPrinter = join(dir, "bin", "print-one-line.mjs");
  const cjsPrinter = join(dir, "bin", "print-one-line.cjs");
  writeFileSync(esmPrinter, 'process.stdout.write("0.1.0\\n");\n');
  writeFileSync(cjsPrinter, 'process.stdout.write("0.1.0\\n");\n');
  // The floors of provision and send: the same undici requests from a program bundled the same way.
  const floorBundle = join(dir, "provision-floor.cjs");
  buildSync({
    entryPoints: [join(ROOT, "bench/provision-floor.cjs")],
    outfile: floorBundle,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    minifyWhitespace: true,
    logLevel: "warning",
  });
  const quiet = (args, options = {}) => ({ run: () => timeRun([node, ...args], { env: quietEnv, ...options }).ms });
  const onPlatform = (args) => ({ run: (i) => timeRun([node, bin, ...args(i)], { env: provisionEnv, cwd: ROOT }).ms });
  const commands = {
    floor: quiet(["-e", "0"]),
    cjs: quiet([cjsPrinter]),
    esm: quiet([esmPrinter]),
    parser: { run: () => timeRun([node, bin, "no-such-command"], { env: quietEnv, allowFailure: true }).ms },
    version: quiet([bin, "--version"]),
    help: quiet([bin, "--help"]),
    commandHelp: quiet([bin, "provision", "--help"]),
    validate: quiet([bin, "validate", "--file", "instance.example.json"], { cwd: ROOT }),
    validateCold: { run: () => timeRun([node, bin, "validate", "--file", "instance.example.json"], { env: { ...quietEnv, NODE_DISABLE_COMPILE_CACHE: "1" }, cwd: ROOT }).ms },
    provision: onPlatform((i) => ["provision", "--file", "instance.example.json", "--name", `bench-one-${i + 1}`, "--no-input"]),
    provisionFloor: { run: () => timeRun([node, floorBundle], { env: provisionEnv }).ms },
    send: onPlatform(() => ["send", "--instance", "bench-stored", "--to", "+15005550006", "--message", "bench"]),
    sendFloor: { run: () => timeRun([node, floorBundle], { env: { ...provisionEnv, FLOOR_REQUESTS: "1" } }).ms },
    token: onPlatform(() => ["token", "bench-stored"]),
    list: onPlatform(() => ["instances", "list"]),
  };
  const results = medians(Object.values(commands), ROUNDS);
  const measured = Object.fromEntries(Object.keys(commands).map((key, i) => [key, results[i]]));
  const floor = measured.floor.median;
  const startupRow = (figure, key, target) =>
    rows.push({
      figure,
      value: `${measured[key].median.toFixed(0)} ms`,
      baseline: `${floor.toFixed(0)} ms (node -e 0)`,
      ratio: measured[key].median / floor,
      target: target && `≤ ${target}`,
      met: target === undefined ? undefined : measured[key].median / floor <= target,
    });
  startupRow("a CommonJS file that prints one line (information: the floor of any program that prints)", "cjs");
  startupRow("an ES module that prints one line (information)", "esm");
  startupRow("`connector no-such-command` (information: the program and its parser load, then a usage error; the floor of every command)", "parser");
  startupRow("`connector --version`", "version", 1.15);
  startupRow("`connector --help`", "help", 1.15);
  startupRow("`connector provision --help`", "commandHelp", 1.15);
  startupRow("`connector validate --file instance.example.json`", "validate", 2.0);
  startupRow("the same without a code cache (information: a command's first run, or NODE_DISABLE_COMPILE_CACHE=1)", "validateCold");
  startupRow("one `connector provision` (3 requests, store written)", "provision", 3.5);
  startupRow("the floor of one provision (information: undici's same 3 requests and one fsync'd write, from a bundled program that does nothing else)", "provisionFloor");
  startupRow("`connector send` (1 request)", "send", 3.5);
  startupRow("the floor of one send (information: the same, with one request)", "sendFloor");
  startupRow("`connector token`", "token", 1.8);
  startupRow("`connector instances list`", "list", 1.8);

  if (!STARTUP_ONLY) await batchesAndServer();
} finally {
  await Promise.all([emulator.stop(), slow.stop()]);
  rmSync(work, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}

/** The batch, peak-RSS and emulator rows. */
async function batchesAndServer() {
  log(`batch: ${BATCH} instances at ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY}, ${BATCH_ROUNDS} rounds against a bare undici client...`);
  // First, while the emulator holds few instances: its look-ups by name go through all of them.
  const ideal = (CONCURRENCY * 1000) / LATENCY_MS;
  const checked = runBatch(writeBatch(1000, "checked"), 1000, slow.url);
  const tput = writeBatch(BATCH, "tput");
  const bareEnv = { PATH: process.env.PATH, BARE_URL: slow.url, BARE_TOTAL: String(BATCH), BARE_AUTH: AUTH_HEADERS.authorization, BARE_BODY: instanceLine("__NAME__") };
  const cli = [];
  const bare = [];
  for (let round = 0; round < BATCH_ROUNDS; round++) {
    cli.push(runBatch(tput, BATCH, slow.url, { flags: ["--if-exists", "create"] }).perSecond);
    const run = timeRun([node, join(ROOT, "bench/bare-client.mjs")], { env: bareEnv, cwd: ROOT });
    if (JSON.parse(run.stdout).failed !== 0) throw new Error(`the bare client had failures: ${run.stdout}`);
    bare.push(BATCH / (run.ms / 1000));
  }
  const [cliRate, bareRate] = [median(cli), median(bare)];
  rows.push({
    figure: `${BATCH} instances, ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY} (\`--if-exists create\`: 1 request each), whole process`,
    value: `${cliRate.toFixed(0)}/s`,
    baseline: `${bareRate.toFixed(0)}/s (a bare undici client process, 16 connections, same POSTs); ideal ${(CONCURRENCY * 1000) / LATENCY_MS}/s`,
    ratio: cliRate / bareRate,
    target: "≥ 0.97",
    met: cliRate / bareRate >= 0.97,
  });
  rows.push({
    figure: "1000 new instances, same, default `--if-exists fail` (check, create, duplicate check: 3 requests each) (information)",
    value: `${checked.perSecond.toFixed(0)}/s`,
    baseline: `${(ideal / 3).toFixed(0)}/s (ideal)`,
    ratio: checked.perSecond / (ideal / 3),
    target: undefined,
    met: undefined,
  });

  log(`peak RSS: ${RSS_BATCH}-instance batch...`);
  const probe = ["--import", new URL("./rss-probe.mjs", import.meta.url).href];
  runBatch(writeBatch(RSS_BATCH, "rss"), RSS_BATCH, emulator.url, { flags: ["--if-exists", "create"], nodeFlags: probe, env: { BENCH_RSS_FILE: join(work, "rss") } });
  const rss = readPeakRss(join(work, "rss"));
  timeRun([node, ...probe, "-e", "0"], { env: { ...quietEnv, BENCH_RSS_FILE: join(work, "rss") } });
  const rssFloor = readPeakRss(join(work, "rss"));
  rows.push({
    figure: `${RSS_BATCH}-instance batch, peak RSS`,
    value: `${rss.toFixed(0)} MiB`,
    baseline: `${rssFloor.toFixed(0)} MiB (node -e 0)`,
    ratio: rss / rssFloor,
    target: "≤ 80 MiB",
    met: rss <= 80,
  });

  rows.push(
    ...(await planApplyRows({
      bin,
      work,
      applyCount: Number(process.env.BENCH_APPLY ?? 300),
      planCount: Number(process.env.BENCH_PLAN ?? 1000),
      rounds: BATCH_ROUNDS,
      concurrency: CONCURRENCY,
      log,
    })),
  );

  log("emulator throughput...");
  const body = JSON.parse(instanceLine("load"));
  const headers = AUTH_HEADERS;
  const emu = await loadTest(`${emulator.url}/instances`, { total: 6000, inFlight: 32, headers, body });
  const bareServer = await startBareServer();
  const floorLoad = await loadTest(`${bareServer.url}/instances`, { total: 6000, inFlight: 32, headers, body });
  await bareServer.stop();
  if (emu.failed) throw new Error(`${emu.failed} emulator requests failed`);
  rows.push({
    figure: "emulator `POST /instances`, latency 0, 32 in flight",
    value: `${emu.perSecond.toFixed(0)}/s`,
    baseline: `${floorLoad.perSecond.toFixed(0)}/s (bare node:http)`,
    ratio: emu.perSecond / floorLoad.perSecond,
    target: "≥ 3000/s",
    met: emu.perSecond >= 3000,
  });
}

const os = await import("node:os");
const lines = [
  `Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)} at the end, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC; start-up: median of ${ROUNDS} interleaved runs, batches: median of ${BATCH_ROUNDS}; every process in an environment of PATH, CONNECTOR_CONFIG_DIR, CONNECTOR_CACHE_DIR (and the platform's variables) only.`,
  "",
  "| figure | measured | baseline (same run) | ratio | target | met |",
  "|---|---|---|---|---|---|",
  ...rows.map((row) => `| ${row.figure} | ${row.value} | ${row.baseline} | ${row.ratio.toFixed(2)} | ${row.target ?? ""} | ${row.met === undefined ? "" : row.met ? "yes" : "**no**"} |`),
];
console.log(lines.join("\n"));
// The table in bench/README.md is this run's, whatever the README says around it.
const readme = join(ROOT, "bench/README.md");
const text = readFileSync(readme, "utf8");
const [start, end] = ["<!-- bench:table:start -->", "<!-- bench:table:end -->"];
if (text.includes(start) && text.includes(end) && process.env.BENCH_NO_README !== "1" && !STARTUP_ONLY) {
  writeFileSync(readme, `${text.slice(0, text.indexOf(start) + start.length)}\n${lines.join("\n")}\n${text.slice(text.indexOf(end))}`);
  log(`the table is written to ${readme}`);
}
