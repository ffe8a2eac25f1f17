// The parts of a batch on their own: the worker pool, the group commit of tokens to
// the store, the exit code of a batch with failures, the progress bar, and redaction with the
// thousands of tokens a batch registers.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runPool } from "../src/batch/pool.ts";
import { worstExitCode } from "../src/batch/report.ts";
import { renderProgress } from "../src/batch/progress.ts";
import { createStoreBatcher } from "../src/batch/store-batcher.ts";
import { forgetSecrets, redact, registerSecret } from "../src/secrets.ts";
import { openStore, type InstanceRecord } from "../src/store/index.ts";
import { tempConfigDir } from "./helpers/run.ts";
import { instanceRecord } from "./helpers/store.ts";

async function* numbers(count: number, read: number[]): AsyncGenerator<number> {
  for (let i = 0; i < count; i++) {
    read.push(i);
    yield i;
  }
}

const record = (id: number): InstanceRecord => instanceRecord({ id, name: `n-${id}`, token: `token-${id}-abcdefgh` });

describe("batch parts", () => {
  it("the pool never has more than `concurrency` items in flight and reads at most one item ahead", async () => {
    const read: number[] = [];
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await runPool(numbers(50, read), 4, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      expect(read.length).toBeLessThanOrEqual(n + 2);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      done.push(n);
    });
    expect(most).toBe(4);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("the pool starts nothing new once aborted and waits for the items in flight", async () => {
    const controller = new AbortController();
    const started: number[] = [];
    let finished = 0;
    await runPool(
      numbers(100, []),
      3,
      async (n) => {
        started.push(n);
        if (n === 5) controller.abort();
        await new Promise((resolve) => setImmediate(resolve));
        finished++;
      },
      controller.signal,
    );
    expect(started.length).toBeLessThan(10);
    expect(finished).toBe(started.length);
  });

  it("a released slot lets the next item start while the released one still runs", async () => {
    let inFlight = 0;
    let most = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await runPool(numbers(6, []), 2, async (n, free) => {
      inFlight++;
      most = Math.max(most, inFlight);
      free();
      if (n === 5) release();
      await gate;
      inFlight--;
    });
    expect(most).toBe(6);
  });

  it("tokens saved together are written in few journal appends, and store.json once, at the end", async () => {
    const dir = tempConfigDir();
    const store = openStore(dir);
    let writes = 0;
    let rewrites = 0;
    const counting = {
      ...store,
      journalInstances: async (records: InstanceRecord[]) => {
        writes++;
        await store.journalInstances(records);
      },
      saveInstances: async (records: InstanceRecord[]) => {
        rewrites++;
        await store.saveInstances(records);
      },
    };
    const batcher = createStoreBatcher(counting, { minIntervalMs: 20 });
    const saves = Array.from({ length: 40 }, (_, i) => batcher.forItem(() => undefined).saveInstance(record(i + 1)));
    await Promise.all(saves);
    await batcher.flush();
    expect(writes).toBeLessThanOrEqual(3);
    expect(rewrites).toBe(0);
    const stored = JSON.parse(readFileSync(store.path, "utf8")).instances as InstanceRecord[];
    expect(stored.map((r) => r.id).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("a batch exits 0 only when all succeeded, else with its most serious failure's code", () => {
    expect(worstExitCode([])).toBe(0);
    expect(worstExitCode([3, 3, 5])).toBe(5);
    expect(worstExitCode([3, 6, 5])).toBe(6);
    expect(worstExitCode([6, 4])).toBe(4);
    expect(worstExitCode([4, 1])).toBe(1);
    expect(worstExitCode([1, 130])).toBe(130);
  });

  it("the progress bar shows done, failed, rate and time left; only done and rate for a stream", () => {
    expect(renderProgress(250, 3, 1000, 5000)).toBe(`[${"█".repeat(6)}${"░".repeat(18)}] 250/1000, 3 failed  50/s  15s left`);
    expect(renderProgress(40, 0, undefined, 2000)).toBe("40 done  20/s");
  });

  it("redaction stays whole and cheap with thousands of registered tokens", () => {
    forgetSecrets();
    try {
      for (let i = 0; i < 5000; i++) registerSecret(`${(i * 2654435761 + 97).toString(16)}-instance-token`);
      registerSecret("shortsecret");
      registerSecret("shortsecret-and-longer");
      const some = `${(4242 * 2654435761 + 97).toString(16)}-instance-token`;
      expect(redact(`{"a":"${some}","b":"shortsecret-and-longer","c":"shortsecret"}`)).toBe('{"a":"********","b":"********","c":"********"}');
      expect(redact("nothing secret here")).toBe("nothing secret here");
      expect(redact(`reveal ${some}`, new Set([some]))).toBe(`reveal ${some}`);
    } finally {
      forgetSecrets();
    }
  });
});
