// Where the time of one `connector` run goes: `node bench/profile.mjs [--runs n] [--latency ms] <connector args>`.
// Builds a private copy, runs the command once to fill its code cache (src/startup/code-cache.ts; pass
// --cold to profile runs without one), then under --cpu-prof (against a fresh emulator for
// network commands), and prints the CPU time by part, summed over the runs: Node's own start-up
// and module loader, compiling the bundle, the bundle's code by the package or src/ folder it
// comes from (found through the bundle's source map), garbage collection, and waiting (idle).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, buildPrivateCopy, startEmulatorProcess } from "./lib.mjs";

const argv = process.argv.slice(2);
const runsAt = argv.indexOf("--runs");
const runs = runsAt === -1 ? 5 : Number(argv.splice(runsAt, 2)[1]);
const latencyAt = argv.indexOf("--latency");
const latency = latencyAt === -1 ? undefined : argv.splice(latencyAt, 2)[1];
const coldAt = argv.indexOf("--cold");
const cold = coldAt !== -1 && argv.splice(coldAt, 1).length === 1;
if (argv.length === 0)
  throw new Error("usage: node bench/profile.mjs [--runs n] [--latency ms] <connector args>, e.g. provision --file instance.example.json, or provision --batch lines.ndjson --if-exists create");

const { dir, bin } = buildPrivateCopy();
const sourceOf = sourceLookup(join(dir, "dist", "connector.cjs.map"));
const profiles = mkdtempSync(join(tmpdir(), "connector-profile-"));
const network = ["provision", "send", "instances", "login", "token"].includes(argv[0]);
const emulator = network ? await startEmulatorProcess(bin, latency === undefined ? [] : ["--latency", latency]) : undefined;
const env = { PATH: process.env.PATH, CONNECTOR_CONFIG_DIR: join(profiles, "config"), CONNECTOR_CACHE_DIR: join(profiles, "cache"), TWILIO_AUTH_TOKEN: "5f4dcc3b5aa765d61d8327deb882cf99" };
if (cold) env.NODE_DISABLE_COMPILE_CACHE = "1";
if (emulator) Object.assign(env, { CONNECTOR_BASE_URL: emulator.url, CONNECTOR_USER_SECRET: "bench-user", CONNECTOR_ORG_SECRET: "bench-org" });
try {
  for (let i = 0; i < runs; i++) spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-interval", "100", "--cpu-prof-dir", join(profiles, "floor"), "-e", "0"], { stdio: "ignore" });
  // One provision gets a name of its own each run; a batch's lines name theirs (a fresh store each run keeps them new to it).
  const batch = argv.includes("--batch");
  const argsOf = (i) => (argv[0] === "provision" && !batch ? [...argv, "--name", `profile-${i}`, "--no-input"] : argv);
  if (batch && !argv.includes("--no-input")) argv.push("--no-input");
  spawnSync(process.execPath, [bin, ...argsOf("warm-up")], { cwd: ROOT, env, stdio: "ignore" });
  for (let i = 0; i < runs; i++) {
    const args = argsOf(i);
    // A batch starts from an empty store, as bench/run.mjs's batches do.
    const own = batch ? { ...env, CONNECTOR_CONFIG_DIR: join(profiles, `config-${i}`) } : env;
    spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-interval", "100", "--cpu-prof-dir", profiles, bin, ...args], { cwd: ROOT, env: own, stdio: "ignore" });
  }
} finally {
  await emulator?.stop();
}

/**
 * The source file (a package of node_modules, or a folder of src/) of a line and column of the
 * bundle, from its source map: the "mappings" are base64 VLQ segments, one group per line.
 */
function sourceLookup(mapFile) {
  const map = JSON.parse(readFileSync(mapFile, "utf8"));
  const digits = Object.fromEntries([..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].map((c, i) => [c, i]));
  const lines = map.mappings.split(";").map(() => []);
  let source = 0;
  map.mappings.split(";").forEach((group, line) => {
    let column = 0;
    for (const segment of group.split(",").filter(Boolean)) {
      const values = [];
      for (let i = 0, value = 0, shift = 0; i < segment.length; i++) {
        const digit = digits[segment[i]];
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) source += values[1];
      lines[line].push([column, source]);
    }
  });
  const partOfSource = (path) => path.match(/node_modules\/((@[^/]+\/)?[^/]+)/)?.[1] ?? path.match(/src\/([^/]+)\//)?.[1]?.replace(/^/, "src/") ?? "src";
  return (line, column) => {
    const segments = lines[line] ?? [];
    let found;
    for (const [start, index] of segments) if (start <= column) found = index;
    return found === undefined ? "the bundle" : partOfSource(map.sources[found]);
  };
}

function partOf(node) {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName === "(idle)" ? "waiting (network, disk, timers)" : functionName === "(garbage collector)" ? "garbage collection" : `native: ${functionName}`;
  if (url === "node:vm" && functionName === "Script") return "compiling the bundle (or reading its code cache)";
  if (url.startsWith("node:internal/modules/")) return "Node's module loader (resolve, read, link, evaluate)";
  if (functionName === "compileForInternalLoader" || functionName === "requireBuiltin") return "loading Node's built-in modules (stream, net, fs, crypto...)";
  if (url.startsWith("node:")) return "other Node internals (bootstrap, streams, fs, timers)";
  if (url.endsWith("/dist/connector.cjs")) return `running ${sourceOf(node.callFrame.lineNumber, node.callFrame.columnNumber)}`;
  return url;
}

/** CPU time by part over every profile in `folder`, and the total. */
function sumProfiles(folder) {
  const totals = new Map();
  let all = 0;
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(join(folder, file), "utf8"));
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, i) => {
      const part = partOf(byId.get(id));
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      totals.set(part, (totals.get(part) ?? 0) + ms);
      all += ms;
    });
  }
  return { totals, all };
}

const floor = sumProfiles(join(profiles, "floor"));
const { totals, all } = sumProfiles(profiles);
console.log(`connector ${argv.join(" ")}: CPU profile, mean of ${runs} runs: ${(all / runs).toFixed(0)} ms each, against ${(floor.all / runs).toFixed(0)} ms for node -e 0 under the same profiler\n`);
console.log("| part | ms per run | share | node -e 0 |\n|---|---|---|---|");
for (const [part, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 14))
  console.log(`| ${part} | ${(ms / runs).toFixed(1)} | ${((ms / all) * 100).toFixed(0)} % | ${((floor.totals.get(part) ?? 0) / runs).toFixed(1)} |`);
