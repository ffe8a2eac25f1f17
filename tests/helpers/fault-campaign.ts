// Many provisions against an emulator injecting mixed faults, then an audit of what the
// platform holds against what the store holds: duplicates, lost tokens, exit codes seen.
// Used by tests/reliability-provision.test.ts (60 runs; 500 with CONNECTOR_FULL_RELIABILITY=1).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseFaults, startEmulator } from "../../src/emulator/index.ts";
import { AUTH_TOKEN, ORG_SECRET, USER_SECRET, entryFlags } from "./platform.ts";
import { tempConfigDir, type RunResult } from "./run.ts";

/** About 30 % of requests meet one of these (1 - the product of the misses). */
export const MIXED_FAULTS = "503:0.07,429=0:0.06,500:0.05,reset:0.06,commit-then-reset:0.07,hang:0.04";

export interface CampaignReport {
  runs: number;
  exitCodes: Record<string, number>;
  /** Names with more than one instance on the platform. */
  duplicates: string[];
  /** Instances on the platform whose token is not in the store. */
  lost: number[];
  /** Successful runs whose stored token is not the platform's token of that instance. */
  wrongTokens: string[];
  /** Runs that printed a stack trace or no JSON document. */
  malformed: string[];
  requests: number;
  faults: Record<string, number>;
}

type Runner = (args: string[], env: NodeJS.ProcessEnv) => Promise<RunResult>;

/** Runs `runs` provisions of distinct names, `concurrency` at a time, into one store. */
export async function runCampaign(options: { runs: number; concurrency: number; seed: number; run: Runner }): Promise<CampaignReport> {
  const emulator = await startEmulator({ port: 0, faults: parseFaults(MIXED_FAULTS), seed: options.seed });
  const configDir = tempConfigDir();
  const env = { CONNECTOR_CONFIG_DIR: configDir, CONNECTOR_BASE_URL: emulator.url, CONNECTOR_USER_SECRET: USER_SECRET, CONNECTOR_ORG_SECRET: ORG_SECRET, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
  const exitCodes: Record<string, number> = {};
  const malformed: string[] = [];
  const succeeded = new Map<string, number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.runs) {
      const name = `campaign-${next++}`;
      const result = await options.run(["provision", ...entryFlags(name), "--no-input", "--json", "--timeout", "2"], env);
      exitCodes[result.code] = (exitCodes[result.code] ?? 0) + 1;
      if (/\n\s+at /.test(result.stderr) || result.stdout.trim().split("\n").length !== 1) malformed.push(name);
      else if (result.code === 0) succeeded.set(name, (JSON.parse(result.stdout) as { id: number }).id);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    await emulator.close();
  }
  const instances = emulator.instances();
  const stored = (JSON.parse(readFileSync(join(configDir, "store.json"), "utf8")) as { instances: { id: number; name: string; token: string }[] }).instances;
  const storedTokens = new Set(stored.map((record) => record.token));
  const byName = new Map<string, number>();
  for (const instance of instances) byName.set(instance.name, (byName.get(instance.name) ?? 0) + 1);
  const faults: Record<string, number> = {};
  for (const { fault } of emulator.injected) faults[fault] = (faults[fault] ?? 0) + 1;
  return {
    runs: options.runs,
    exitCodes,
    duplicates: [...byName].filter(([, count]) => count > 1).map(([name]) => name),
    lost: instances.filter((instance) => !storedTokens.has(instance.token)).map((instance) => instance.id),
    wrongTokens: [...succeeded].filter(([name, id]) => stored.find((r) => r.name === name)?.token !== instances.find((i) => i.id === id)?.token).map(([name]) => name),
    malformed,
    requests: emulator.requests.length,
    faults,
  };
}
