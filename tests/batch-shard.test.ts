// `--shard <i>/<n>` gives each of n CI jobs a deterministic share of one batch; the
// jobs together provision every instance exactly once, whatever the order of the input.
import { describe, expect, it } from "vitest";
import { runInProcess } from "./helpers/run.ts";
import { AUTH_TOKEN, usePlatform } from "./helpers/platform.ts";
import { instanceDoc, ndjson, ndjsonOf } from "./helpers/batch.ts";
import { parseShard, shardOf } from "../src/batch/shard.ts";

const platform = usePlatform();

describe("sharding a batch", () => {
  it("three shards together provision each instance exactly once", async () => {
    const names = Array.from({ length: 24 }, (_, i) => `shard-${i}`);
    const input = ndjson([...names.map((name) => instanceDoc(name)), { name: 42 }]);
    const env = { ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
    const runs = await Promise.all([1, 2, 3].map((i) => runInProcess(["provision", "--batch", "-", "--shard", `${i}/3`, "--json"], env, input)));

    const reported = runs.flatMap((run) => ndjsonOf(run).items);
    const provisioned = reported
      .filter((item) => item.ok)
      .map((item) => item.name)
      .sort();
    expect(provisioned).toEqual([...names].sort());
    expect(reported.filter((item) => !item.ok).map((item) => item.source)).toEqual(["stdin:25"]);
    expect(runs.map((run) => ndjsonOf(run).summary.shard)).toEqual(["1/3", "2/3", "3/3"]);
    expect(runs.every((run) => ndjsonOf(run).summary.total > 0)).toBe(true);
    const onPlatform = platform.emulator
      .instances()
      .filter((i) => i.name.startsWith("shard-"))
      .map((i) => i.name)
      .sort();
    expect(onPlatform).toEqual([...names].sort());
  });

  it("an instance's shard depends on its name only, not on its position in the input", async () => {
    const names = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];
    const forward = await runInProcess(["provision", "--batch", "-", "--shard", "2/2", "--dry-run", "--json"], platform.env, ndjson(names.map((n) => instanceDoc(n))));
    const reversed = await runInProcess(["provision", "--batch", "-", "--shard", "2/2", "--dry-run", "--json"], platform.env, ndjson([...names].reverse().map((n) => instanceDoc(n))));
    const pick = (run: typeof forward) =>
      ndjsonOf(run)
        .items.map((item) => item.name)
        .sort();
    expect(pick(forward)).toEqual(pick(reversed));
    expect(pick(forward)).toEqual(names.filter((name) => shardOf(name, 2) === 2).sort());
  });

  it("shardOf spreads names over every shard, and parseShard accepts only i/n with 1 <= i <= n", () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[shardOf(`tenant-${i}`, 4) - 1]! += 1;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    for (const bad of ["0/4", "5/4", "2", "a/b", "2/0", "-1/3"]) expect(() => parseShard(bad), bad).toThrow(/--shard/);
  });
});
