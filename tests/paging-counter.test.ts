// Every caller that reads a whole list, against an emulator that pages as the platform documents
// it: a page-counter token on every page, the last included (the page after the last is `200 []`
// with another token), and pages cut to 2 whatever the client asks. `instances list --remote`,
// `plan --prune`, provision's existence check and the exactly-once look-up by operation tag each
// see every instance and end; before, each ran 1000 pages and failed.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseFaults, startEmulator, type RunningEmulator } from "../src/emulator/index.ts";
import { instanceDoc, writeDir } from "./helpers/batch.ts";
import { AUTH_TOKEN, entryFlags, platformEnv } from "./helpers/platform.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";

let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  emulator = await startEmulator({ pageTokens: "counter", pageSizeCap: 2 });
});
afterAll(() => emulator.close());
beforeEach(() => {
  env = platformEnv(emulator.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
});

function fiveFiles(prefix: string): string {
  const files: Record<string, unknown> = {};
  for (let i = 1; i <= 5; i++) files[`${prefix}-${i}.json`] = instanceDoc(`${prefix}-${i}`, { tags: [prefix] });
  return writeDir(files);
}

const listCalls = () => emulator.requests.filter((r) => r.method === "GET" && r.path.endsWith("/instances")).length;

describe("paging callers with the platform's counter token and a silently capped page size", () => {
  it("instances list --remote lists every instance once and ends", async () => {
    const dir = fiveFiles("listed");
    expect((await runInProcess(["apply", "--file", dir, "--json"], env)).code).toBe(0);
    const before = listCalls();
    const run = await runInProcess(["instances", "list", "--remote", "--tag", "listed", "--json"], env);
    expect(run.code, run.stderr).toBe(0);
    expect(
      jsonOf(run)
        .instances.map((i: { name: string }) => i.name)
        .sort(),
    ).toEqual([1, 2, 3, 4, 5].map((i) => `listed-${i}`));
    expect(listCalls() - before).toBeLessThanOrEqual(4);
  });

  it("plan --prune plans exactly the removed file's deletion, and apply --prune deletes only it", async () => {
    const dir = fiveFiles("pruned");
    expect((await runInProcess(["apply", "--file", dir, "--json"], env)).code).toBe(0);
    rmSync(join(dir, "pruned-5.json"));
    const plan = await runInProcess(["plan", "--file", dir, "--prune", "pruned", "--json"], env);
    expect(plan.code, plan.stderr).toBe(0);
    expect(jsonOf(plan).summary).toEqual({ create: 0, update: 0, delete: 1, none: 4 });
    const apply = await runInProcess(["apply", "--file", dir, "--prune", "pruned", "--yes", "--json"], env);
    expect(apply.code, apply.stderr).toBe(0);
    expect(
      emulator
        .instances()
        .filter((i) => i.name.startsWith("pruned-"))
        .map((i) => i.name)
        .sort(),
    ).toEqual([1, 2, 3, 4].map((i) => `pruned-${i}`));
  });

  it("provision's existence check finds an instance on a later page: a second provision fails (conflict) or keeps it", async () => {
    for (let i = 1; i <= 4; i++) expect((await runInProcess(["provision", ...entryFlags(`seen-${i}`), "--no-input", "--json"], env)).code).toBe(0);
    const again = await runInProcess(["provision", ...entryFlags("seen-"), "--no-input", "--json"], env);
    expect(again.code, again.stderr).toBe(0);
    const conflict = await runInProcess(["provision", ...entryFlags("seen-4"), "--no-input", "--json"], env);
    expect(conflict.code).toBe(5);
    expect(jsonOf(conflict).error.code).toBe("conflict");
    const kept = await runInProcess(["provision", ...entryFlags("seen-4"), "--if-exists", "skip", "--no-input", "--json"], env);
    expect(kept.code, kept.stderr).toBe(0);
    expect(emulator.instances().filter((i) => i.name === "seen-4")).toHaveLength(1);
  });

  it("the look-up by operation tag after a lost answer finds the instance made and creates no second one", async () => {
    const lossy = await startEmulator({ pageTokens: "counter", pageSizeCap: 2, faults: parseFaults("commit-then-reset@POST /instances") });
    try {
      const run = await runInProcess(["provision", ...entryFlags("lost-answer"), "--no-input", "--json"], platformEnv(lossy.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN }));
      expect(run.code, run.stderr).toBe(0);
      expect(jsonOf(run)).toMatchObject({ ok: true, created: true });
      expect(lossy.instances().filter((i) => i.name === "lost-answer")).toHaveLength(1);
      expect(lossy.requests.some((r) => r.method === "GET" && decodeURIComponent(r.query).includes("connector-op:"))).toBe(true);
    } finally {
      await lossy.close();
    }
  });
});
