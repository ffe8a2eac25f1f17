// @module-tag slow: a seeded fault campaign of 60 provisions, each a new process (npm test leaves it out; npm run test:all runs it)
// "Exactly-once provisioning": a POST /instances whose answer is lost is never simply
// repeated; the CLI looks for its operation marker and adopts, or creates when absent. Runs
// racing on one name leave one instance. A campaign of provisions under ~30 % mixed faults
// ends with no duplicate and no lost token (500 runs with CONNECTOR_FULL_RELIABILITY=1).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type FaultSpec, type RunningEmulator } from "../src/emulator/index.ts";
import { runCampaign } from "./helpers/fault-campaign.ts";
import { AUTH_TOKEN, entryFlags, platformEnv } from "./helpers/platform.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(() => emulator.close());

async function onFaulty<T>(faults: FaultSpec[], run: (env: NodeJS.ProcessEnv, faulty: RunningEmulator) => Promise<T>, extra: { latencyMs?: [number, number]; seed?: number } = {}): Promise<T> {
  const faulty = await startEmulator({ port: 0, faults, ...extra });
  try {
    const env = platformEnv(faulty.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    return await run(env, faulty);
  } finally {
    await faulty.close();
  }
}

const onPost = (kind: FaultSpec["kind"], status?: number): FaultSpec[] => [{ kind, status, probability: 1, method: "POST", path: "/instances" }];
const postsOf = (faulty: RunningEmulator) => faulty.requests.filter((r) => r.method === "POST" && r.path.endsWith("/instances"));
const storeOf = (env: NodeJS.ProcessEnv) => JSON.parse(readFileSync(join(env.CONNECTOR_CONFIG_DIR ?? "", "store.json"), "utf8")) as { instances: Record<string, unknown>[] };

describe("exactly-once provisioning", () => {
  it("a POST applied but unanswered (commit-then-reset) is found by its marker and adopted, not sent again", async () => {
    await onFaulty(onPost("commit-then-reset"), async (env, faulty) => {
      const run = await runInProcess(["provision", ...entryFlags("lost-answer"), "--tag", "prod", "--no-input", "--json"], env);
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/adopting it/);
      expect(postsOf(faulty)).toHaveLength(1);
      const [instance] = faulty.instances();
      expect(faulty.instances()).toHaveLength(1);
      expect(jsonOf(run)).toMatchObject({ ok: true, id: instance?.id, created: true, tags: ["prod"] });
      const [record] = storeOf(env).instances;
      expect(record).toMatchObject({ id: instance?.id, token: instance?.token, tags: ["prod"], operationId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown });
      expect(instance?.tags).toEqual(["prod", `connector-op:${String(record?.operationId)}`, "lost-answer"]);
    });
  });

  it("a POST dropped before it applied (reset, 503) is checked, then sent again, at most 1 + --retries times", async () => {
    for (const [kind, status] of [
      ["reset", undefined],
      ["status", 503],
    ] as const) {
      await onFaulty(onPost(kind, status), async (env, faulty) => {
        const run = await runInProcess(["provision", ...entryFlags("never-created"), "--no-input", "--json", "--retries", "2"], env);
        expect(run.code).toBe(6);
        expect(jsonOf(run).error.message).toMatch(/nothing was created/);
        expect(postsOf(faulty)).toHaveLength(3);
        const lookups = faulty.requests.filter((r) => r.method === "GET" && decodeURIComponent(r.query).includes("tags[]=connector-op:"));
        expect(lookups.length).toBeGreaterThanOrEqual(3);
        expect(faulty.instances()).toHaveLength(0);
      });
    }
  });

  it("with faults on every route (seeded), a run still ends with one instance and its token stored", async () => {
    const faults: FaultSpec[] = [
      { kind: "commit-then-reset", probability: 0.4 },
      { kind: "status", status: 502, probability: 0.2 },
    ];
    for (const seed of [1, 2]) {
      await onFaulty(
        faults,
        async (env, faulty) => {
          const run = await runInProcess(["provision", ...entryFlags("seeded"), "--no-input", "--json", "--retries", "6"], env);
          expect(run.code, run.stderr).toBe(0);
          expect(faulty.instances()).toHaveLength(1);
          expect(storeOf(env).instances[0]?.token).toBe(faulty.instances()[0]?.token);
        },
        { seed },
      );
    }
  });

  it("--if-exists update repeats a PATCH whose answer was lost (PATCH is idempotent) and updates once", async () => {
    await onFaulty(
      [{ kind: "commit-then-reset", probability: 0.5, method: "PATCH" }],
      async (env, faulty) => {
        expect((await runInProcess(["provision", ...entryFlags("patched"), "--no-input"], env)).code).toBe(0);
        const run = await runInProcess(["provision", ...entryFlags("patched"), "--sender", "+15005550007", "--if-exists", "update", "--no-input", "--json", "--retries", "8"], env);
        expect(run.code, run.stderr).toBe(0);
        expect(jsonOf(run)).toMatchObject({ action: "updated", created: false });
        expect(faulty.instances()).toHaveLength(1);
        expect(faulty.instances()[0]?.configuration["messaging.sms.twilio.sender"]).toBe("+15005550007");
      },
      { seed: 3 },
    );
  });

  it("eight runs racing on one name with --if-exists skip leave one instance, and all store it", async () => {
    await onFaulty(
      [],
      async (env, faulty) => {
        const runs = await Promise.all(Array.from({ length: 8 }, () => runInProcess(["provision", ...entryFlags("raced"), "--if-exists", "skip", "--no-input", "--json"], env)));
        expect(runs.map((r) => r.code)).toEqual(Array(8).fill(0));
        expect(faulty.instances()).toHaveLength(1);
        expect(new Set(runs.map((r) => jsonOf(r).id))).toEqual(new Set([faulty.instances()[0]?.id]));
        expect(storeOf(env).instances).toHaveLength(1);
      },
      { latencyMs: [5, 40], seed: 11 },
    );
  });

  it("eight runs racing on one name with the default --if-exists fail: one succeeds, the others exit 5", async () => {
    await onFaulty(
      [],
      async (env, faulty) => {
        const runs = await Promise.all(Array.from({ length: 8 }, () => runInProcess(["provision", ...entryFlags("raced-fail"), "--no-input", "--json"], env)));
        expect(runs.filter((r) => r.code === 0)).toHaveLength(1);
        expect(runs.filter((r) => r.code === 5)).toHaveLength(7);
        expect(faulty.instances()).toHaveLength(1);
      },
      { latencyMs: [5, 40], seed: 12 },
    );
  });

  it("the operation marker never shows as a tag: not in provision output, nor in instances list --remote", async () => {
    const env = platformEnv(emulator.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    const created = await runInProcess(["provision", ...entryFlags("marked"), "--no-input"], env);
    const listed = await runInProcess(["instances", "list", "--remote", "--json"], env);
    const shown = await runInProcess(["instances", "list", "--remote"], env);
    for (const run of [created, listed, shown]) expect(run.stdout + run.stderr).not.toContain("connector-op:");
    expect(
      emulator
        .instances()
        .find((i) => i.name === "marked")
        ?.tags.some((t) => t.startsWith("connector-op:")),
    ).toBe(true);
  });
});

const FULL = process.env.CONNECTOR_FULL_RELIABILITY === "1";

describe("a campaign of provisions under mixed faults", () => {
  it(
    `${FULL ? 500 : 60} provisions with ~30 % faults (seed 2024): no duplicate, no lost token, only exit 0 or 6`,
    async () => {
      const report = await runCampaign({ runs: FULL ? 500 : 60, concurrency: 6, seed: 2024, run: runInProcess });
      if (FULL) console.log(JSON.stringify(report, null, 2));
      expect(report.duplicates).toEqual([]);
      expect(report.lost).toEqual([]);
      expect(report.wrongTokens).toEqual([]);
      expect(report.malformed).toEqual([]);
      expect(Object.keys(report.exitCodes).every((code) => code === "0" || code === "6")).toBe(true);
      expect(report.exitCodes["0"]).toBeGreaterThan(report.runs / 2);
      expect(Object.values(report.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(report.requests / 5);
    },
    FULL ? 600_000 : 60_000,
  );
});
