// `npm run bench`: each figure next to a baseline measured in the same run.
// Builds a private copy of the CLI, starts its own emulators on loopback, and prints a table:
// start-up of --version, --help, validate and one provision against `node -e 0` (median of
// ROUNDS interleaved runs); batch throughput at 25 ms latency against the ideal
// concurrency / latency; peak RSS of a 10,000-instance batch; the emulator's own throughput
// against a bare node:http server. BENCH_ROUNDS, BENCH_BATCH and BENCH_RSS_BATCH scale it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, buildPrivateCopy, loadTest, medians, readPeakRss, startBareServer, startEmulatorProcess, timeRun } from "./lib.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const BATCH = Number(process.env.BENCH_BATCH ?? 5000);
const RSS_BATCH = Number(process.env.BENCH_RSS_BATCH ?? 10000);
const LATENCY_MS = 25;
const CONCURRENCY = 16;
const AUTH_TOKEN = "5f4dcc3b5aa765d61d8327deb882cf99";
const AUTH_HEADERS = { authorization: "User bench-user, Organization bench-org", accept: "application/json" };
const node = process.execPath;
const work = mkdtempSync(join(tmpdir(), "connector-bench-work-"));
const rows = [];
const log = (line) => process.stderr.write(`${line}\n`);

const { dir, bin } = buildPrivateCopy();
const platformEnv = (configDir, url) => ({ PATH: process.env.PATH, CONNECTOR_CONFIG_DIR: configDir, CONNECTOR_BASE_URL: url, CONNECTOR_USER_SECRET: "bench-user", CONNECTOR_ORG_SECRET: "bench-org", TWILIO_AUTH_TOKEN: AUTH_TOKEN });
const quietEnv = { PATH: process.env.PATH, CONNECTOR_CONFIG_DIR: join(work, "quiet") };

function instanceLine(name) {
  return JSON.stringify({ element: { key: "twilio" }, name, tags: ["bench"], configuration: { "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef", "messaging.sms.twilio.token": AUTH_TOKEN, "messaging.sms.twilio.sender": "+15005550006" } });
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
  // The floor of any ES module program that prints: one line to stdout, from beside bin/connector.js.
  const printer = join(dir, "bin", "print-one-line.js");
  writeFileSync(printer, 'process.stdout.write("0.1.0\\n");\n');
  const startup = medians(
    [
      { run: () => timeRun([node, "-e", "0"], { env: quietEnv }).ms },
      { run: () => timeRun([node, printer], { env: quietEnv }).ms },
      { run: () => timeRun([node, bin, "--version"], { env: quietEnv }).ms },
      { run: () => timeRun([node, bin, "--help"], { env: quietEnv }).ms },
      { run: () => timeRun([node, bin, "validate", "--file", "instance.example.json"], { env: quietEnv, cwd: ROOT }).ms },
      { run: (i) => timeRun([node, bin, "provision", "--file", "instance.example.json", "--name", `bench-one-${i + 1}`, "--no-input"], { env: provisionEnv, cwd: ROOT }).ms },
    ],
    ROUNDS,
  );
  const [floor, esm, version, help, validate, provision] = startup;
  rows.push({ figure: "an ES module that prints one line: the floor of any ESM program that prints", value: `${esm.median.toFixed(0)} ms`, baseline: `${floor.median.toFixed(0)} ms (node -e 0)`, ratio: esm.median / floor.median, target: "(information)", met: undefined });
  const startupRow = (figure, m, target) => rows.push({ figure, value: `${m.median.toFixed(0)} ms`, baseline: `${floor.median.toFixed(0)} ms (node -e 0)`, ratio: m.median / floor.median, target, met: m.median / floor.median <= target });
  startupRow("`connector --version`", version, 1.15);
  startupRow("`connector --help`", help, 1.15);
  startupRow("`connector validate --file instance.example.json`", validate, 1.3);
  startupRow("one `connector provision` (store written)", provision, 2.0);

  log(`batch: ${BATCH} instances at ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY}...`);
  const ideal = (CONCURRENCY * 1000) / LATENCY_MS;
  const batch = runBatch(writeBatch(BATCH, "tput"), BATCH, slow.url, { flags: ["--if-exists", "create"] });
  // What the emulator and this machine allow at all: a bare keep-alive client, 16 requests in flight.
  const bareClient = await loadTest(`${slow.url}/instances`, { total: 2000, inFlight: CONCURRENCY, headers: AUTH_HEADERS, body: JSON.parse(instanceLine("bare")) });
  rows.push({
    figure: `${BATCH} instances, ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY} (\`--if-exists create\`: 1 request each)`,
    value: `${batch.perSecond.toFixed(0)}/s`,
    baseline: `${ideal}/s (ideal); a bare keep-alive client gets ${bareClient.perSecond.toFixed(0)}/s`,
    ratio: batch.perSecond / ideal,
    target: "≥ 0.9",
    met: batch.perSecond / ideal >= 0.9,
  });
  const checked = runBatch(writeBatch(1000, "checked"), 1000, slow.url);
  rows.push({ figure: "1000 new instances, same, default `--if-exists fail` (check, create, duplicate check: 3 requests each)", value: `${checked.perSecond.toFixed(0)}/s`, baseline: `${(ideal / 3).toFixed(0)}/s (ideal)`, ratio: checked.perSecond / (ideal / 3), target: "(information)", met: undefined });

  log(`peak RSS: ${RSS_BATCH}-instance batch...`);
  const probe = ["--import", new URL("./rss-probe.mjs", import.meta.url).href];
  runBatch(writeBatch(RSS_BATCH, "rss"), RSS_BATCH, emulator.url, { flags: ["--if-exists", "create"], nodeFlags: probe, env: { BENCH_RSS_FILE: join(work, "rss") } });
  const rss = readPeakRss(join(work, "rss"));
  timeRun([node, ...probe, "-e", "0"], { env: { ...quietEnv, BENCH_RSS_FILE: join(work, "rss") } });
  const rssFloor = readPeakRss(join(work, "rss"));
  rows.push({ figure: `${RSS_BATCH}-instance batch, peak RSS`, value: `${rss.toFixed(0)} MiB`, baseline: `${rssFloor.toFixed(0)} MiB (node -e 0)`, ratio: rss / rssFloor, target: "≤ 100 MiB", met: rss <= 100 });

  log("emulator throughput...");
  const body = JSON.parse(instanceLine("load"));
  const headers = AUTH_HEADERS;
  const emu = await loadTest(`${emulator.url}/instances`, { total: 6000, inFlight: 32, headers, body });
  const bare = await startBareServer();
  const floorLoad = await loadTest(`${bare.url}/instances`, { total: 6000, inFlight: 32, headers, body });
  await bare.stop();
  if (emu.failed) throw new Error(`${emu.failed} emulator requests failed`);
  rows.push({ figure: "emulator `POST /instances`, latency 0, 32 in flight", value: `${emu.perSecond.toFixed(0)}/s`, baseline: `${floorLoad.perSecond.toFixed(0)}/s (bare node:http)`, ratio: emu.perSecond / floorLoad.perSecond, target: "≥ 3000/s", met: emu.perSecond >= 3000 });
} finally {
  await Promise.all([emulator.stop(), slow.stop()]);
  rmSync(work, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}

const targetText = (row) => (typeof row.target === "number" ? `≤ ${row.target} x` : row.target);
const metText = (row) => (row.met === undefined ? "" : row.met ? "yes" : "**no**");
const os = await import("node:os");
console.log(`Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}, ${new Date().toISOString().slice(0, 10)}; start-up: median of ${ROUNDS} interleaved runs, each in an environment of PATH and CONNECTOR_CONFIG_DIR only\n`);
console.log("| figure | measured | baseline (same run) | ratio | target | met |\n|---|---|---|---|---|---|");
for (const row of rows) console.log(`| ${row.figure} | ${row.value} | ${row.baseline} | ${row.ratio.toFixed(2)} | ${targetText(row)} | ${metText(row)} |`);
