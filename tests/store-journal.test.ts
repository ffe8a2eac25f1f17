// The batch journal (src/store/journal.ts) with real files: what a batch appends is seen by
// every read at once and folded into store.json at the end; a crash mid-append, or between
// folding and removing the journal, loses nothing and brings nothing back; one record that
// cannot be stored fails its own item only; a batch killed with -9 keeps every token it reported.
import { appendFileSync, copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createStoreBatcher } from "../src/batch/store-batcher.ts";
import { openStore, type InstanceRecord } from "../src/store/index.ts";
import { instanceDoc, ndjson } from "./helpers/batch.ts";
import { AUTH_TOKEN, usePlatform } from "./helpers/platform.ts";
import { runBinary, tempConfigDir } from "./helpers/run.ts";
import { startCli, waitUntil } from "./helpers/spawn-cli.ts";
import { instanceRecord } from "./helpers/store.ts";

const record = (id: number, overrides: Partial<InstanceRecord> = {}): InstanceRecord => instanceRecord({ id, name: `journal-${id}`, token: `journal-token-${id}-0123456789`, ...overrides });
const storedIds = (file: string): number[] => (JSON.parse(readFileSync(file, "utf8")) as { instances?: InstanceRecord[] }).instances?.map((r) => r.id) ?? [];
const listedIds = async (dir: string): Promise<number[]> => (await openStore(dir).listInstances("default")).map((r) => r.id).sort((a, b) => a - b);

describe("the store's journal", () => {
  it("appended records are read at once, written into store.json by the fold, and the journal goes", async () => {
    const dir = tempConfigDir();
    const store = openStore(dir);
    await store.saveInstance(record(1));
    await store.journalInstances([record(2), record(3)]);
    await store.journalInstances([record(4)]);
    expect(storedIds(store.path)).toEqual([1]);
    expect(await listedIds(dir)).toEqual([1, 2, 3, 4]);
    expect((await store.findInstance("default", "journal-4"))?.token).toBe("journal-token-4-0123456789");
    await store.foldJournal();
    expect(storedIds(store.path)).toEqual([1, 2, 3, 4]);
    expect(existsSync(join(dir, "store.journal"))).toBe(false);
    expect(await listedIds(dir)).toEqual([1, 2, 3, 4]);
  });

  it("a journal of many chunks is read line by line across their edges, and store.json is written as JSON.stringify would", async () => {
    const dir = tempConfigDir();
    const store = openStore(dir);
    // Lines of different lengths, so that chunk edges fall inside lines, over 200 kB in all.
    const records = Array.from({ length: 600 }, (_, i) => record(i + 1, { name: `journal-${i + 1}-${"x".repeat(i % 97)}`, tags: ["a\nb", "ü ✔"] }));
    for (let i = 0; i < records.length; i += 50) await store.journalInstances(records.slice(i, i + 50));
    expect(readFileSync(join(dir, "store.journal")).length).toBeGreaterThan(3 * 65_536);
    expect(await listedIds(dir)).toEqual(records.map((r) => r.id));
    await store.foldJournal();
    const text = readFileSync(store.path, "utf8");
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, "\t")}\n`);
    expect((JSON.parse(text) as { instances: InstanceRecord[] }).instances.map((r) => r.name)).toEqual(records.map((r) => r.name));
  });

  it("appending after lines with non-ASCII names and tags keeps every line whole (the tail is measured in bytes)", async () => {
    const dir = tempConfigDir();
    const store = openStore(dir);
    await store.journalInstances([record(1, { name: "Büro SMS", tags: ["café", "✔"] })]);
    await store.journalInstances([record(2, { name: "Zürich" })]);
    appendFileSync(join(dir, "store.journal"), '{"seq":3,"instance":{"name":"torn ü');
    await store.journalInstances([record(4, { name: "naïve" })]);
    expect(await listedIds(dir)).toEqual([1, 2, 4]);
    expect(
      readFileSync(join(dir, "store.journal"), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { seq: number }).seq),
    ).toEqual([1, 2, 3]);
  });

  it("a line torn by a crash mid-append is no record; the next append cuts it off and goes on", async () => {
    const dir = tempConfigDir();
    const store = openStore(dir);
    await store.journalInstances([record(1), record(2)]);
    appendFileSync(join(dir, "store.journal"), '{"seq":3,"instance":{"id":3,"na');
    expect(await listedIds(dir)).toEqual([1, 2]);
    await store.journalInstances([record(4)]);
    expect(await listedIds(dir)).toEqual([1, 2, 4]);
    const lines = readFileSync(join(dir, "store.journal"), "utf8").split("\n");
    expect(lines.map((line) => (line ? (JSON.parse(line) as { seq: number }).seq : line))).toEqual([1, 2, 3, ""]);
  });

  it("the next write after a crash folds the journal in: a profile saved, the tokens kept", async () => {
    const dir = tempConfigDir();
    const store = openStore(dir);
    await store.journalInstances([record(1), record(2)]);
    // The batch was killed here: no fold. Another command changes the store.
    await openStore(dir).saveProfile("other", { updatedAt: new Date(0).toISOString() });
    expect(storedIds(store.path)).toEqual([1, 2]);
    expect(existsSync(join(dir, "store.journal"))).toBe(false);
    expect(await openStore(dir).listProfiles()).toEqual(["other"]);
  });

  it("a journal folded but not yet removed (a crash in between) brings back nothing deleted or replaced", async () => {
    const dir = tempConfigDir();
    const store = openStore(dir);
    const journal = join(dir, "store.journal");
    await store.journalInstances([record(1), record(2)]);
    copyFileSync(journal, `${journal}.copy`);
    await store.foldJournal();
    expect(await store.removeInstance("default", record(1).baseUrl, 1)).toBe(true);
    await store.saveInstance(record(2, { token: "journal-token-2-replaced-0123" }));
    copyFileSync(`${journal}.copy`, journal); // as if the fold had died before removing it
    expect(await listedIds(dir)).toEqual([2]);
    expect((await store.findInstance("default", "2"))?.token).toBe("journal-token-2-replaced-0123");
    // The next append numbers its lines after what store.json holds, so they count.
    await store.journalInstances([record(3)]);
    expect(await listedIds(dir)).toEqual([2, 3]);
    await store.foldJournal();
    expect(storedIds(store.path).sort()).toEqual([2, 3]);
    expect((await store.findInstance("default", "2"))?.token).toBe("journal-token-2-replaced-0123");
  });

  it("a damaged journal line is an unusable store, said without quoting it, and nothing is changed", async () => {
    const dir = tempConfigDir();
    const store = openStore(dir);
    await store.journalInstances([record(1)]);
    appendFileSync(join(dir, "store.journal"), '{"seq":2,"instance":{"token":"journal-token-secret-999"}}\n');
    const before = readFileSync(join(dir, "store.journal"), "utf8");
    const error = await store.listInstances("default").then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/store\.journal\) line 2/);
    expect(error?.message).not.toContain("journal-token-secret-999");
    await expect(store.saveProfile("p", { updatedAt: new Date(0).toISOString() })).rejects.toThrow(/store\.journal/);
    expect(readFileSync(join(dir, "store.journal"), "utf8")).toBe(before);
  });

  it("in a batch, one record that cannot be stored fails its own item; the rest of its group is stored", async () => {
    const dir = tempConfigDir();
    const store = openStore(dir);
    const batcher = createStoreBatcher(store, { minIntervalMs: 50 });
    const records = Array.from({ length: 30 }, (_, i) => record(i + 1));
    (records[11] as unknown as { token: unknown }).token = 12345; // an answer whose token is a number
    const outcomes = await Promise.allSettled(records.map((r) => batcher.forItem(() => undefined).saveInstance(r)));
    await batcher.flush();
    expect(outcomes.map((o) => o.status === "fulfilled")).toEqual(records.map((_, i) => i !== 11));
    expect(String((outcomes[11] as PromiseRejectedResult).reason)).toMatch(/token is not a string/);
    expect(storedIds(store.path).sort((a, b) => a - b)).toEqual(records.map((r) => r.id).filter((id) => id !== 12));
  });
});

describe("a batch killed with -9", () => {
  const platform = usePlatform();

  it("keeps the token of every instance it reported; the next write folds them into store.json", async () => {
    const env: NodeJS.ProcessEnv = { ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
    const dir = env.CONNECTOR_CONFIG_DIR ?? "";
    const input = join(tempConfigDir().replace(/config$/, ""), "batch.ndjson");
    writeFileSync(input, ndjson(Array.from({ length: 400 }, (_, i) => instanceDoc(`killed-batch-${i}`))));
    const cli = startCli(["provision", "--batch", input, "--json", "--if-exists", "create", "--concurrency", "4"], env);
    let reported = 0;
    cli.child.stdout?.on("data", (chunk: Buffer) => (reported += chunk.toString().split("\n").length - 1));
    await waitUntil(() => reported >= 40, 30_000);
    cli.child.kill("SIGKILL");
    const run = await cli.done;
    const names = run.stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => (JSON.parse(line) as { name?: string }).name);
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(names.length).toBeLessThan(400); // killed mid-batch, not after it
    expect(existsSync(join(dir, "store.journal"))).toBe(true); // killed before its fold
    const listed = await runBinary(["instances", "list", "--json"], env);
    expect(listed.code, listed.stderr).toBe(0);
    const stored = (JSON.parse(listed.stdout) as { instances: { name: string }[] }).instances.map((i) => i.name);
    expect(stored).toEqual(expect.arrayContaining(names));
    const tokenOf = (name: string | undefined) => platform.emulator.instances().find((i) => i.name === name)?.token;
    const first = await runBinary(["token", names[0] ?? ""], env);
    expect(first.stdout.trim()).toBe(tokenOf(names[0]));
    const store = openStore(dir);
    for (const name of names) expect((await store.findInstance("default", name ?? ""))?.token).toBe(tokenOf(name));
    expect((await runBinary(["logout"], env)).code).toBe(0); // a write: folds the journal
    expect(existsSync(join(dir, "store.journal"))).toBe(false);
    expect((JSON.parse(readFileSync(join(dir, "store.json"), "utf8")) as { instances: { name: string }[] }).instances.map((i) => i.name)).toEqual(expect.arrayContaining(names));
  }, 60_000);
});
