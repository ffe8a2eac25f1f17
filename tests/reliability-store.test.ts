// @module-tag slow: 32 concurrent provision processes, and processes killed with -9 (npm test leaves it out; npm run test:all runs it)
// "A store that loses nothing", end to end with the built binary: 32 processes
// provisioning at once into one CONNECTOR_CONFIG_DIR keep all 32 tokens in a valid 0600 file;
// processes killed with -9 at any moment leave a store the next run reads and extends.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AUTH_TOKEN, entryFlags, usePlatform } from "./helpers/platform.ts";
import { runBinary } from "./helpers/run.ts";
import { startCli } from "./helpers/spawn-cli.ts";

const platform = usePlatform();

interface StoredInstance {
  id: number;
  name: string;
  token: string;
}

function readStore(dir: string): { instances: StoredInstance[] } {
  return JSON.parse(readFileSync(join(dir, "store.json"), "utf8")) as { instances: StoredInstance[] };
}

describe("one store, many processes", () => {
  it("32 concurrent provision processes: all 32 tokens stored, the file valid JSON, mode 0600", async () => {
    const env: NodeJS.ProcessEnv = { ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
    const runs = await Promise.all(Array.from({ length: 32 }, (_, i) => runBinary(["provision", ...entryFlags(`parallel-${i}`), "--no-input", "--json"], env)));
    expect(runs.map((run) => run.code)).toEqual(Array(32).fill(0));
    const dir = env.CONNECTOR_CONFIG_DIR ?? "";
    const stored = readStore(dir).instances;
    expect(stored).toHaveLength(32);
    for (const record of stored) expect(platform.emulator.instances().find((i) => i.id === record.id)?.token).toBe(record.token);
    expect(statSync(join(dir, "store.json")).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  }, 60_000);

  it("provision processes killed with -9 at random moments leave a store the next run reads and extends", async () => {
    const env: NodeJS.ProcessEnv = { ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
    const dir = env.CONNECTOR_CONFIG_DIR ?? "";
    expect((await runBinary(["provision", ...entryFlags("before-kills"), "--no-input"], env)).code).toBe(0);
    for (let round = 0; round < 3; round++) {
      const clis = Array.from({ length: 4 }, (_, i) => startCli(["provision", ...entryFlags(`killed-${round}-${i}`), "--no-input"], env));
      await new Promise((resolve) => setTimeout(resolve, 150 + round * 150));
      for (const cli of clis) cli.child.kill("SIGKILL");
      await Promise.all(clis.map((cli) => cli.done));
      expect(() => readStore(dir)).not.toThrow();
    }
    const after = await runBinary(["provision", ...entryFlags("after-kills"), "--no-input", "--json"], env);
    expect(after.code, after.stderr).toBe(0);
    const names = readStore(dir).instances.map((record) => record.name);
    expect(names).toContain("before-kills");
    expect(names).toContain("after-kills");
    expect(statSync(join(dir, "store.json")).mode & 0o777).toBe(0o600);
    const listed = await runBinary(["instances", "list", "--json"], env);
    expect(listed.code).toBe(0);
  }, 60_000);
});
