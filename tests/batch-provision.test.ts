// Batches: several --file arguments, a directory, --batch - from standard input; each
// instance's outcome is its own, --json prints NDJSON (a line per instance, then a summary),
// and the exit code is 0 only when every instance succeeded.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBinary, runInProcess } from "./helpers/run.ts";
import { AUTH_TOKEN, usePlatform } from "./helpers/platform.ts";
import { instanceDoc, ndjson, ndjsonOf, writeDir } from "./helpers/batch.ts";

const platform = usePlatform();
const env = () => ({ ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
const namesOnPlatform = (prefix: string) =>
  platform.emulator
    .instances()
    .filter((i) => i.name.startsWith(prefix))
    .map((i) => i.name)
    .sort();

describe("provision batches", () => {
  it("mixed valid and invalid files: the valid ones are created, each invalid one fails alone, exit 3", async () => {
    const dir = writeDir({
      "a.json": instanceDoc("mixed-a"),
      "b.json": instanceDoc("mixed-b", {}, { "messaging.sms.twilio.sender": "not a sender!" }),
      "c.json": "{ not json",
      "d.json": instanceDoc("mixed-d"),
    });
    const files = ["a.json", "b.json", "c.json", "d.json", "missing.json"].flatMap((name) => ["--file", join(dir, name)]);
    const run = await runInProcess(["provision", ...files, "--json"], env());
    expect(run.code).toBe(3);
    const { items, summary } = ndjsonOf(run);
    expect(items).toHaveLength(5);
    const bySource = new Map(items.map((item) => [item.source.replace(`${dir}/`, ""), item]));
    expect(bySource.get("a.json")).toMatchObject({ ok: true, type: "instance", name: "mixed-a", created: true });
    expect(bySource.get("d.json")).toMatchObject({ ok: true, name: "mixed-d", created: true });
    expect(bySource.get("b.json")).toMatchObject({ ok: false, name: "mixed-b", error: { code: "invalid_config" } });
    expect(bySource.get("b.json")?.error.message).toBe(`Cannot provision ${join(dir, "b.json")}: 1 missing or invalid entry; nothing was sent.`);
    expect(bySource.get("c.json")?.error.code).toBe("invalid_config");
    expect(bySource.get("missing.json")?.error.code).toBe("missing_config");
    expect(summary).toMatchObject({ ok: false, total: 5, succeeded: 2, failed: 3, created: 2, exitCode: 3 });
    expect(namesOnPlatform("mixed-")).toEqual(["mixed-a", "mixed-d"]);
    const stored = await runInProcess(["instances", "list", "--json"], env());
    expect(
      JSON.parse(stored.stdout)
        .instances.map((i: { name: string }) => i.name)
        .sort(),
    ).toEqual(["mixed-a", "mixed-d"]);
  });

  it("a directory provisions each of its *.json files and ignores the rest, exit 0", async () => {
    const dir = writeDir({ "one.json": instanceDoc("dir-one"), "two.json": instanceDoc("dir-two"), "notes.txt": "not an instance", ".hidden.json": "{}" });
    const run = await runInProcess(["provision", "--file", dir, "--json"], env());
    expect(run.code).toBe(0);
    const { items, summary } = ndjsonOf(run);
    expect(items.map((item) => item.name).sort()).toEqual(["dir-one", "dir-two"]);
    expect(summary).toMatchObject({ ok: true, total: 2, succeeded: 2, failed: 0, exitCode: 0 });
  });

  it("--batch - reads one instance a line from standard input; a bad line fails alone with its line number", async () => {
    const input = ndjson([instanceDoc("stdin-1"), instanceDoc("stdin-2")]) + "\n{oops\n" + ndjson([instanceDoc("stdin-4")]);
    const run = await runInProcess(["provision", "--batch", "-", "--json", "--concurrency", "2"], env(), input);
    expect(run.code).toBe(3);
    const { items, summary } = ndjsonOf(run);
    expect(
      items
        .filter((item) => item.ok)
        .map((item) => item.name)
        .sort(),
    ).toEqual(["stdin-1", "stdin-2", "stdin-4"]);
    expect(items.find((item) => !item.ok)).toMatchObject({ source: "stdin:4", index: 3, error: { code: "invalid_config" } });
    expect(summary).toMatchObject({ total: 4, failed: 1, concurrency: 2 });
  });

  it("the binary's --json batch output is NDJSON: every stdout line parses alone, the summary last", async () => {
    const run = await runBinary(["provision", "--batch", "-", "--json"], env(), ndjson([instanceDoc("bin-1"), instanceDoc("bin-2"), instanceDoc("bin-3")]));
    expect(run.code).toBe(0);
    const { items, summary } = ndjsonOf(run);
    expect(items.map((item) => item.type)).toEqual(["instance", "instance", "instance"]);
    expect(items.every((item) => typeof item.id === "number" && item.token === undefined)).toBe(true);
    expect(summary).toMatchObject({ ok: true, type: "summary", total: 3, created: 3 });
    expect(run.stdout + run.stderr).not.toContain(AUTH_TOKEN);
  });

  it("at a terminal, successes go to stdout and failures to stderr with their fix; the summary says how to resume", async () => {
    const dir = writeDir({ "ok.json": instanceDoc("text-ok"), "bad.json": instanceDoc("text-bad", { name: "" }) });
    const run = await runInProcess(["provision", "--file", dir], env());
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/✔ created text-ok \(id \d+\)/);
    expect(run.stdout).toContain("1 of 2 instances succeeded");
    expect(run.stdout).toContain("--if-exists skip");
    expect(run.stderr).toContain("bad.json");
    expect(run.stderr).toContain("--name");
  });

  it("--dry-run plans every instance and sends nothing", async () => {
    const before = platform.emulator.requests.length;
    const run = await runInProcess(["provision", "--batch", "-", "--dry-run", "--json"], env(), ndjson([instanceDoc("dry-1"), instanceDoc("dry-2")]));
    expect(run.code).toBe(0);
    const { items, summary } = ndjsonOf(run);
    expect(items.map((item) => item.request.method)).toEqual(["POST", "POST"]);
    expect(items[0]?.request.body.configuration["messaging.sms.twilio.token"]).toBe("********");
    expect(summary).toMatchObject({ dryRun: true, planned: 2 });
    expect(platform.emulator.requests.length).toBe(before);
  });

  it("a single --file keeps the one-document output of a single provision", async () => {
    const dir = writeDir({ "solo.json": instanceDoc("solo") });
    const run = await runInProcess(["provision", "--file", join(dir, "solo.json"), "--json"], env());
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const doc = JSON.parse(lines[0] ?? "");
    expect(doc).toMatchObject({ ok: true, name: "solo", created: true });
    expect(doc.type).toBeUndefined();
  });

  it("refuses --name, --file - and a bad --concurrency in a batch with a usage error, exit 2", async () => {
    const dir = writeDir({ "x.json": instanceDoc("refused") });
    for (const args of [
      ["--file", dir, "--name", "x"],
      ["--file", dir, "--file", "-"],
      ["--file", dir, "--concurrency", "0"],
      ["--batch", "-", "--shard", "0/2"],
    ]) {
      const run = await runInProcess(["provision", ...args, "--json"], env());
      expect(run.code, args.join(" ")).toBe(2);
      expect(JSON.parse(run.stdout).error.code).toBe("usage");
    }
  });
});
