// plan and apply on the batch engine, seen from the platform's side through a recording front
// (helpers/recording-front.ts) to the emulator: apply's creates all end before its first update
// starts, its updates before its first delete, with more than one in flight within a phase;
// plan's look-ups are concurrent; a failed create still lets the other creates and the updates
// run, but no delete of --prune, and the exit code is the failure's; --concurrency is checked.
import { afterEach, describe, expect, it } from "vitest";
import { jsonOf, runInProcess } from "./helpers/run.ts";
import { AUTH_TOKEN, platformEnv, usePlatform } from "./helpers/platform.ts";
import { instanceDoc, writeDir } from "./helpers/batch.ts";
import { startRecordingFront, type CallEvent, type FrontOptions, type RecordingFront } from "./helpers/recording-front.ts";

const platform = usePlatform();
const CREATE = "POST /instances";
const UPDATE = "PATCH /instances/{id}";
const DELETE = "DELETE /instances/{id}";
const SEARCH = "GET /instances";
let front: RecordingFront | undefined;
afterEach(async () => {
  await front?.close();
  front = undefined;
});

/** Instances `keep-*` and `gone-*` on the platform, and a folder where the keep ones change their sender, the gone ones are missing and `new-*` are new; all tagged `tag`. */
async function mixedChanges(tag: string): Promise<{ dir: string; config: NodeJS.ProcessEnv }> {
  const env = platformEnv(platform.emulator.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
  const doc = (name: string, sender = "+15005550006") => instanceDoc(name, { tags: [tag] }, { "messaging.sms.twilio.sender": sender });
  const first: Record<string, unknown> = {};
  for (let i = 1; i <= 4; i++) first[`keep-${i}.json`] = doc(`${tag}-keep-${i}`);
  for (let i = 1; i <= 3; i++) first[`gone-${i}.json`] = doc(`${tag}-gone-${i}`);
  const made = await runInProcess(["apply", "--file", writeDir(first), "--json"], env);
  expect(made.code, made.stderr).toBe(0);
  const files: Record<string, unknown> = {};
  for (let i = 1; i <= 4; i++) files[`keep-${i}.json`] = doc(`${tag}-keep-${i}`, "+15005550007");
  for (let i = 1; i <= 4; i++) files[`new-${i}.json`] = doc(`${tag}-new-${i}`);
  return { dir: writeDir(files), config: env };
}

async function throughFront(options: FrontOptions): Promise<RecordingFront> {
  front = await startRecordingFront(platform.emulator.url, options);
  return front;
}

/** Position of the first start and the last end of `kind` in the recorded order. */
function span(events: CallEvent[], kind: string): { firstStart: number; lastEnd: number; count: number } {
  const starts = events.flatMap((e, i) => (e.kind === kind && e.at === "start" ? [i] : []));
  const ends = events.flatMap((e, i) => (e.kind === kind && e.at === "end" ? [i] : []));
  return { firstStart: Math.min(...starts), lastEnd: Math.max(...ends), count: starts.length };
}

describe("apply runs its changes phase by phase, concurrently within each", () => {
  it("every create ends before the first update starts, every update before the first delete, more than one in flight in each phase", async () => {
    const { dir, config } = await mixedChanges("phases");
    const seen = await throughFront({ hold: [CREATE, UPDATE, DELETE], holdMs: 500 });
    const run = await runInProcess(["apply", "--file", dir, "--prune", "phases", "--yes", "--json", "--concurrency", "4"], { ...config, CONNECTOR_BASE_URL: seen.url });
    expect(run.code, run.stderr).toBe(0);
    expect(jsonOf(run).summary).toEqual({ create: 4, update: 4, delete: 3, none: 0 });
    const creates = span(seen.events, CREATE);
    const updates = span(seen.events, UPDATE);
    const deletes = span(seen.events, DELETE);
    expect([creates.count, updates.count, deletes.count]).toEqual([4, 4, 3]);
    expect(creates.lastEnd).toBeLessThan(updates.firstStart);
    expect(updates.lastEnd).toBeLessThan(deletes.firstStart);
    for (const kind of [CREATE, UPDATE, DELETE]) expect(seen.maxInFlight(kind), kind).toBeGreaterThan(1);
    expect(seen.maxInFlight(CREATE)).toBeLessThanOrEqual(4);
    const names = platform.emulator
      .instances()
      .map((i) => i.name)
      .filter((name) => name.startsWith("phases-"));
    expect(names.sort()).toEqual([1, 2, 3, 4].flatMap((i) => [`phases-keep-${i}`, `phases-new-${i}`]).sort());
  });

  it("--concurrency 1 applies one change at a time", async () => {
    const { dir, config } = await mixedChanges("single");
    const seen = await throughFront({ hold: [CREATE, UPDATE], holdMs: 50 });
    const run = await runInProcess(["apply", "--file", dir, "--json", "--concurrency", "1"], { ...config, CONNECTOR_BASE_URL: seen.url });
    expect(run.code, run.stderr).toBe(0);
    expect(seen.maxInFlight(CREATE)).toBe(1);
    expect(seen.maxInFlight(UPDATE)).toBe(1);
  });

  it("a failed create: the other creates and the updates still run, no delete of --prune does, and the exit code is the failure's", async () => {
    const { dir, config } = await mixedChanges("failing");
    const seen = await throughFront({ refuse: (kind, body) => (kind === CREATE && body.includes('"failing-new-2"') ? { status: 400, message: "Refused by the test." } : undefined) });
    const run = await runInProcess(["apply", "--file", dir, "--prune", "failing", "--yes", "--json"], { ...config, CONNECTOR_BASE_URL: seen.url });
    expect(run.code, run.stderr).toBe(5);
    const doc = jsonOf(run);
    expect(doc.ok).toBe(false);
    expect(doc.applied).toBe(false);
    expect(doc.error).toMatchObject({ code: "api" });
    expect(doc.error.message).toMatch(/1 change failed.*3 deletes of --prune not started \(a failed create or update stops every delete\)/);
    expect(doc.failed).toEqual([expect.objectContaining({ action: "create", name: "failing-new-2", error: expect.objectContaining({ message: expect.stringContaining("Refused by the test.") }) })]);
    expect(doc.notStarted.map((c: { action: string }) => c.action)).toEqual(["delete", "delete", "delete"]);
    expect(doc.summary).toEqual({ create: 3, update: 4, delete: 0, none: 0 });
    expect(span(seen.events, DELETE).count).toBe(0);
    const names = platform.emulator.instances().map((i) => i.name);
    for (let i = 1; i <= 3; i++) expect(names).toContain(`failing-gone-${i}`);
    expect(names).not.toContain("failing-new-2");
    expect(names).toContain("failing-new-3");
    expect(run.stderr).toMatch(/✖ creating failing-new-2 .*Refused by the test\./);
  });

  it("the same at a terminal's text: what was done, then what was not", async () => {
    const { dir, config } = await mixedChanges("failtext");
    const seen = await throughFront({ refuse: (kind, body) => (kind === CREATE && body.includes('"failtext-new-1"') ? { status: 400, message: "Refused by the test." } : undefined) });
    const run = await runInProcess(["apply", "--file", dir, "--prune", "failtext", "--yes", "--no-color"], { ...config, CONNECTOR_BASE_URL: seen.url });
    expect(run.code).toBe(5);
    expect(run.stdout).toMatch(/✔ Created twilio instance failtext-new-2/);
    expect(run.stdout).toMatch(/Applied: 3 created, 4 updated, 0 deleted, 0 unchanged\.\nNot applied in full: 1 change failed \(listed above\); 3 deletes of --prune not started/);
  });
});

describe("plan reads concurrently", () => {
  it("its look-ups are in flight together, and the plan keeps the files' order", async () => {
    const files: Record<string, unknown> = {};
    for (let i = 1; i <= 6; i++) files[`p-${i}.json`] = instanceDoc(`reads-${i}`);
    const dir = writeDir(files);
    const seen = await throughFront({ hold: [SEARCH] });
    const run = await runInProcess(["plan", "--file", dir, "--json", "--concurrency", "3"], platformEnv(seen.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN }));
    expect(run.code, run.stderr).toBe(0);
    expect(jsonOf(run).changes.map((c: { name: string }) => c.name)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `reads-${i}`));
    expect(seen.maxInFlight(SEARCH)).toBeGreaterThan(1);
    expect(seen.maxInFlight(SEARCH)).toBeLessThanOrEqual(3);
  });
});

describe("--concurrency is checked", () => {
  it.each([
    ["plan", "0"],
    ["apply", "257"],
    ["apply", "two"],
    ["plan", "1.5"],
  ])("%s --concurrency %s is a usage error, exit 2, nothing read", async (command, value) => {
    const dir = writeDir({ "a.json": instanceDoc("checked-a") });
    const seen = await throughFront({});
    const run = await runInProcess([command, "--file", dir, "--concurrency", value, "--json"], platformEnv(seen.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN }));
    expect(run.code).toBe(2);
    expect(jsonOf(run).error.message).toContain(`--concurrency ${value} is not a number`);
    expect(seen.events).toEqual([]);
  });
});
