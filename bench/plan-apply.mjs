// The desired-state rows of the bench: `apply` of a folder of new instance files against
// `provision --batch` of the same folder, alternating (median of `rounds` each), and `plan` of
// a larger folder against its ideal (one search per file, `concurrency` at a time), each against
// an emulator with a fixed latency (the stand-in for the platform's round trip). `bench/run.mjs`
// adds these rows to its table; `node bench/plan-apply.mjs` runs them alone (BENCH_APPLY,
// BENCH_PLAN, BENCH_BATCH_ROUNDS scale it) and prints them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildPrivateCopy, median, startEmulatorProcess, timeRun } from "./lib.mjs";

const AUTH_TOKEN = "5f4dcc3b5aa765d61d8327deb882cf99";

function instanceDoc(name) {
  return {
    element: { key: "twilio" },
    name,
    tags: ["bench"],
    configuration: { "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef", "messaging.sms.twilio.token": AUTH_TOKEN, "messaging.sms.twilio.sender": "+15005550006" },
  };
}

/** A folder of `count` instance files named `<prefix>-<i>`. */
function writeFolder(work, prefix, count) {
  const dir = join(work, prefix);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(join(dir, `${prefix}-${i}.json`), JSON.stringify(instanceDoc(`${prefix}-${i}`)));
  return dir;
}

/**
 * Measures the rows; `bin` is a private build's bin/connector.js, `work` a scratch folder.
 * Returns rows of bench/run.mjs's table.
 */
export async function planApplyRows({ bin, work, node = process.execPath, applyCount = 300, planCount = 1000, rounds = 3, concurrency = 16, log = () => undefined }) {
  const env = (url, n) => ({
    PATH: process.env.PATH,
    CONNECTOR_CONFIG_DIR: join(work, `pa-cfg-${n}`),
    CONNECTOR_CACHE_DIR: join(work, "code-cache"),
    CONNECTOR_BASE_URL: url,
    CONNECTOR_USER_SECRET: "bench-user",
    CONNECTOR_ORG_SECRET: "bench-org",
  });
  const rows = [];
  let runs = 0;
  const fast = await startEmulatorProcess(bin, ["--latency", "25"]);
  try {
    log(`apply: ${applyCount} files at 25 ms latency, concurrency ${concurrency}, ${rounds} rounds against provision --batch of the same files...`);
    const applied = [];
    const batched = [];
    for (let round = -1; round < rounds; round++) {
      // Round -1 fills the code cache of both commands; it is not counted.
      const run = (command, prefix) => {
        const dir = writeFolder(work, prefix, applyCount);
        const args = command === "apply" ? ["apply", "--file", dir, "--yes"] : ["provision", "--file", dir];
        const done = timeRun([node, bin, ...args, "--concurrency", String(concurrency), "--json", "--no-input"], { env: env(fast.url, ++runs) });
        const last = JSON.parse(done.stdout.trim().split("\n").at(-1));
        const made = command === "apply" ? last.summary?.create : last.total - last.failed;
        if (made !== applyCount) throw new Error(`${command} did not create every instance: ${done.stdout.slice(-400)}`);
        return done.ms;
      };
      const a = run("apply", `apply-${round + 1}`);
      const b = run("provision", `batch-${round + 1}`);
      if (round >= 0) {
        applied.push(a);
        batched.push(b);
      }
    }
    const [apply, batch] = [median(applied), median(batched)];
    rows.push({
      figure: `\`apply\` of ${applyCount} new instance files, 25 ms latency, \`--concurrency ${concurrency}\`, whole process`,
      value: `${(apply / 1000).toFixed(2)} s`,
      baseline: `${(batch / 1000).toFixed(2)} s (\`provision --batch\` of the same files, same emulator)`,
      ratio: apply / batch,
      target: "≤ 1.5 (goal 1.1)",
      met: apply / batch <= 1.5,
    });
  } finally {
    await fast.stop();
  }

  const slow = await startEmulatorProcess(bin, ["--latency", "100"]);
  try {
    log(`plan: ${planCount} files at 100 ms latency, concurrency ${concurrency}, ${rounds} rounds...`);
    const dir = writeFolder(work, "plan", planCount);
    const times = [];
    for (let round = -1; round < rounds; round++) {
      const done = timeRun([node, bin, "plan", "--file", dir, "--concurrency", String(concurrency), "--json", "--no-input"], { env: env(slow.url, ++runs) });
      if (JSON.parse(done.stdout).summary.create !== planCount) throw new Error(`plan did not plan ${planCount} creates`);
      if (round >= 0) times.push(done.ms);
    }
    const plan = median(times);
    const ideal = (planCount * 1 * 100) / concurrency;
    rows.push({
      figure: `\`plan\` of ${planCount} files, 100 ms latency, \`--concurrency ${concurrency}\` (1 search per file), whole process`,
      value: `${(plan / 1000).toFixed(2)} s`,
      baseline: `${(ideal / 1000).toFixed(2)} s (ideal: ${planCount} × 1 search × 100 ms / ${concurrency})`,
      ratio: plan / ideal,
      target: "≤ 1.2",
      met: plan / ideal <= 1.2,
    });
  } finally {
    await slow.stop();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const work = mkdtempSync(join(tmpdir(), "connector-bench-pa-"));
  const { dir, bin } = buildPrivateCopy();
  try {
    const rows = await planApplyRows({
      bin,
      work,
      applyCount: Number(process.env.BENCH_APPLY ?? 300),
      planCount: Number(process.env.BENCH_PLAN ?? 1000),
      rounds: Number(process.env.BENCH_BATCH_ROUNDS ?? 3),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    for (const row of rows) console.log(`| ${row.figure} | ${row.value} | ${row.baseline} | ${row.ratio.toFixed(2)} | ${row.target} | ${row.met ? "yes" : "**no**"} |`);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}
