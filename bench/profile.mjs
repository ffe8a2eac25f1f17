// Where the time of one `connector` run goes: `node bench/profile.mjs [--runs n] <connector args>`.
// Builds a private copy (with esbuild's metafile, to name what each chunk holds), runs the
// command under --cpu-prof (against a fresh emulator for network commands), and prints the
// CPU time by part, summed over the runs: Node's own start-up and module loader, compiling the
// bundle, each chunk by the packages it holds, garbage collection, and waiting (idle).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { ROOT, buildPrivateCopy, startEmulatorProcess } from "./lib.mjs";

const argv = process.argv.slice(2);
const runsAt = argv.indexOf("--runs");
const runs = runsAt === -1 ? 5 : Number(argv.splice(runsAt, 2)[1]);
if (argv.length === 0) throw new Error("usage: node bench/profile.mjs [--runs n] <connector args>, e.g. provision --file instance.example.json");

process.env.CONNECTOR_BUILD_META = "1";
const { dir, bin } = buildPrivateCopy();
const meta = JSON.parse(readFileSync(join(dir, "dist/meta.json"), "utf8"));
const profiles = mkdtempSync(join(tmpdir(), "connector-profile-"));
const network = ["provision", "send", "instances", "login", "token"].includes(argv[0]);
const emulator = network ? await startEmulatorProcess(bin) : undefined;
const env = { PATH: process.env.PATH, CONNECTOR_CONFIG_DIR: join(profiles, "config"), TWILIO_AUTH_TOKEN: "5f4dcc3b5aa765d61d8327deb882cf99" };
if (emulator) Object.assign(env, { CONNECTOR_BASE_URL: emulator.url, CONNECTOR_USER_SECRET: "bench-user", CONNECTOR_ORG_SECRET: "bench-org" });
try {
  for (let i = 0; i < runs; i++) spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-interval", "100", "--cpu-prof-dir", join(profiles, "floor"), "-e", "0"], { stdio: "ignore" });
  for (let i = 0; i < runs; i++) {
    const args = argv[0] === "provision" ? [...argv, "--name", `profile-${i}`, "--no-input"] : argv;
    spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-interval", "100", "--cpu-prof-dir", profiles, bin, ...args], { cwd: ROOT, env, stdio: "ignore" });
  }
} finally {
  await emulator?.stop();
}

/** What a chunk of dist/ holds: its two largest packages (or src/). */
function describeChunk(file) {
  const output = Object.entries(meta.outputs).find(([name]) => basename(name) === file)?.[1];
  if (!output) return file;
  const sizes = {};
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = input.match(/node_modules\/((@[^/]+\/)?[^/]+)/)?.[1] ?? input.match(/^src\/([^/]+)/)?.[1]?.replace(/^/, "src/") ?? input;
    sizes[pkg] = (sizes[pkg] ?? 0) + bytesInOutput;
  }
  const top = Object.entries(sizes)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([name]) => name);
  return `${file.replace(/-[A-Z0-9]{8}\.js$/, "")} (${top.join(", ")})`;
}

function partOf(node) {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName === "(idle)" ? "waiting (network, disk, timers)" : functionName === "(garbage collector)" ? "garbage collection" : `native: ${functionName}`;
  if (url.startsWith("node:internal/modules/esm/utils") && functionName === "compileSourceTextModule") return "compiling the bundle's modules";
  if (url.startsWith("node:internal/modules/")) return "Node's module loader (resolve, read, link, evaluate)";
  if (functionName === "compileForInternalLoader" || functionName === "requireBuiltin") return "loading Node's built-in modules (stream, net, fs, crypto...)";
  if (url.startsWith("node:")) return "other Node internals (bootstrap, streams, fs, timers)";
  if (url.includes("/dist/")) return `running ${describeChunk(basename(new URL(url).pathname))}`;
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
console.log("| part | ms per run | share |\n|---|---|---|");
for (const [part, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(`| ${part} | ${(ms / runs).toFixed(1)} | ${((ms / all) * 100).toFixed(0)} % |`);
