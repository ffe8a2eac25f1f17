// plan and apply against the emulator, step by step as docs/plan-apply.md walks through them:
// five files plan five creates; apply creates them; the next plan has no change (exit 0 with
// --detailed-exitcode); a changed sender is exactly one `~`; a changed Auth Token is a secret
// change without either value, with an empty store too; --prune plans a removed file's
// deletion; a saved plan is refused once someone else changed the instance.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonOf, runInProcess, tempConfigDir } from "./helpers/run.ts";
import { startEmulator, type FaultSpec } from "../src/emulator/index.ts";
import { AUTH_TOKEN, ORG_SECRET, USER_SECRET, platformEnv, usePlatform } from "./helpers/platform.ts";
import { instanceDoc, ndjson, writeDir } from "./helpers/batch.ts";

const platform = usePlatform();
const OTHER_TOKEN = "0123456789abcdef0123456789abcdef";
const env = (extra: NodeJS.ProcessEnv = {}) => ({ ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN, ...extra });
const SENDER = "messaging.sms.twilio.sender";
const TOKEN = "messaging.sms.twilio.token";

/** A folder of five instance files named `<prefix>-1` .. `<prefix>-5`, tagged `<prefix>`. */
function fiveFiles(prefix: string): string {
  const files: Record<string, unknown> = {};
  for (let i = 1; i <= 5; i++) files[`${prefix}-${i}.json`] = instanceDoc(`${prefix}-${i}`, { tags: [prefix] });
  return writeDir(files);
}

async function applied(prefix: string): Promise<string> {
  const dir = fiveFiles(prefix);
  const run = await runInProcess(["apply", "--file", dir, "--json"], env());
  expect(run.code, run.stderr).toBe(0);
  return dir;
}

/** Changes an instance behind the CLI's back: a PATCH with the platform secrets, as another tool would. */
async function patchBehindTheBack(id: number, body: unknown): Promise<void> {
  const res = await fetch(`${platform.emulator.url}/instances/${id}`, {
    method: "PATCH",
    headers: { Authorization: `User ${USER_SECRET}, Organization ${ORG_SECRET}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

function editFile(dir: string, name: string, entries: Record<string, string>): void {
  const path = join(dir, name);
  const doc = JSON.parse(readFileSync(path, "utf8")) as { configuration: Record<string, string> };
  Object.assign(doc.configuration, entries);
  writeFileSync(path, JSON.stringify(doc, null, 2));
}

describe("plan and apply", () => {
  it("a folder of five files plans five creates, and changes nothing", async () => {
    const dir = fiveFiles("five");
    const run = await runInProcess(["plan", "--file", dir, "--json"], env());
    expect(run.code, run.stderr).toBe(0);
    const doc = jsonOf(run);
    expect(doc.summary).toEqual({ create: 5, update: 0, delete: 0, none: 0 });
    expect(doc.changes.map((c: { action: string; name: string }) => `${c.action} ${c.name}`).sort()).toEqual([1, 2, 3, 4, 5].map((i) => `create five-${i}`));
    expect(platform.emulator.instances().filter((i) => i.name.startsWith("five-"))).toEqual([]);
    const text = await runInProcess(["plan", "--file", dir], env());
    expect(text.stdout).toMatch(/^\+ twilio five-1/m);
    expect(text.stdout).toContain("Plan: 5 to create, 0 to update, 0 to delete, 0 unchanged.");
  });

  it("reads the inputs provision reads: --file repeated (a file and a folder), and --batch NDJSON, with each change's source", async () => {
    const folder = writeDir({ "b.json": instanceDoc("inputs-b"), "c.json": instanceDoc("inputs-c") });
    const single = join(writeDir({ "a.json": instanceDoc("inputs-a") }), "a.json");
    const files = jsonOf(await runInProcess(["plan", "--file", single, "--file", folder, "--json"], env()));
    expect(files.changes.map((c: { name: string; source: string }) => `${c.name} ${c.source}`)).toEqual([
      `inputs-a ${single}`,
      `inputs-b ${join(folder, "b.json")}`,
      `inputs-c ${join(folder, "c.json")}`,
    ]);
    const lines = join(folder, "..", "wanted.ndjson");
    writeFileSync(lines, ndjson([instanceDoc("inputs-d"), instanceDoc("inputs-e")]));
    const batch = await runInProcess(["apply", "--batch", lines, "--json"], env());
    expect(batch.code, batch.stderr).toBe(0);
    expect(jsonOf(batch).changes.map((c: { action: string; name: string; source: string }) => `${c.action} ${c.name} ${c.source}`)).toEqual([
      `create inputs-d ${lines}:1`,
      `create inputs-e ${lines}:2`,
    ]);
    expect(jsonOf(await runInProcess(["plan", "--batch", lines, "--file", single, "--json"], env())).summary).toEqual({ create: 1, update: 0, delete: 0, none: 2 });
  });

  it("apply creates them, stores their tokens, and reports each id", async () => {
    const dir = fiveFiles("make");
    const run = await runInProcess(["apply", "--file", dir, "--json"], env());
    expect(run.code, run.stderr).toBe(0);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ ok: true, applied: true, summary: { create: 5 } });
    const onPlatform = platform.emulator.instances().filter((i) => i.name.startsWith("make-"));
    expect(onPlatform.map((i) => i.name).sort()).toEqual([1, 2, 3, 4, 5].map((i) => `make-${i}`));
    expect(doc.changes.map((c: { id: number }) => c.id).sort()).toEqual(onPlatform.map((i) => i.id).sort());
    const stored = jsonOf(await runInProcess(["instances", "list", "--json"], env()));
    expect(stored.instances).toHaveLength(5);
    expect(run.stdout + run.stderr).not.toContain(AUTH_TOKEN);
  });

  it("then plan shows no change, and --detailed-exitcode exits 0", async () => {
    const dir = await applied("same");
    const run = await runInProcess(["plan", "--file", dir, "--detailed-exitcode", "--json"], env());
    expect(run.code, run.stderr).toBe(0);
    expect(jsonOf(run).summary).toEqual({ create: 0, update: 0, delete: 0, none: 5 });
    const text = await runInProcess(["plan", "--file", dir, "--detailed-exitcode"], env());
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("No changes");
  });

  it("--detailed-exitcode exits 8 when the plan has changes, still ok: true", async () => {
    const run = await runInProcess(["plan", "--file", fiveFiles("eight"), "--detailed-exitcode", "--json"], env());
    expect(run.code).toBe(8);
    expect(jsonOf(run).ok).toBe(true);
  });

  it("changing one file's sender plans exactly one ~ with that field", async () => {
    const dir = await applied("sender");
    editFile(dir, "sender-2.json", { [SENDER]: "+15005550007" });
    const run = await runInProcess(["plan", "--file", dir, "--json"], env());
    const doc = jsonOf(run);
    expect(doc.summary).toEqual({ create: 0, update: 1, delete: 0, none: 4 });
    const update = doc.changes.find((c: { action: string }) => c.action === "update");
    expect(update).toMatchObject({ name: "sender-2", fields: [{ key: SENDER, from: "+15005550006", to: "+15005550007" }] });
    const text = await runInProcess(["plan", "--file", dir], env());
    expect(text.stdout.match(/^~ /gm)).toHaveLength(1);
    expect(text.stdout).toContain(`${SENDER}: +15005550006 → +15005550007`);
    // apply carries it out, and then there is nothing left to do
    expect((await runInProcess(["apply", "--file", dir, "--json"], env())).code).toBe(0);
    expect(platform.emulator.instances().find((i) => i.name === "sender-2")?.configuration[SENDER]).toBe("+15005550007");
    expect(jsonOf(await runInProcess(["plan", "--file", dir, "--json"], env())).summary.update).toBe(0);
  });

  it("changing the Auth Token plans a secret change without either value, also with an empty store", async () => {
    const dir = await applied("secret");
    for (const configDir of [platform.env.CONNECTOR_CONFIG_DIR, tempConfigDir()]) {
      const run = await runInProcess(["plan", "--file", dir, "--json"], env({ CONNECTOR_CONFIG_DIR: configDir, TWILIO_AUTH_TOKEN: OTHER_TOKEN }));
      const doc = jsonOf(run);
      expect(doc.summary).toEqual({ create: 0, update: 5, delete: 0, none: 0 });
      for (const change of doc.changes) expect(change.fields).toEqual([{ key: TOKEN, secret: true, comparison: "changed" }]);
      const text = await runInProcess(["plan", "--file", dir], env({ CONNECTOR_CONFIG_DIR: configDir, TWILIO_AUTH_TOKEN: OTHER_TOKEN }));
      expect(text.stdout).toContain(`${TOKEN}: (secret, changed)`);
      for (const output of [run.stdout, run.stderr, text.stdout, text.stderr]) {
        expect(output).not.toContain(AUTH_TOKEN);
        expect(output).not.toContain(OTHER_TOKEN);
      }
    }
    // The same token, from a fresh store, is unchanged: the fingerprint is on the platform.
    const same = await runInProcess(["plan", "--file", dir, "--json"], env({ CONNECTOR_CONFIG_DIR: tempConfigDir() }));
    expect(jsonOf(same).summary.none).toBe(5);
  });

  it("a secret the CLI did not set is unknown: left alone, or set with --replace-secrets", async () => {
    const dir = await applied("unknown");
    const target = platform.emulator.instances().find((i) => i.name === "unknown-1");
    // Someone else sets the token and the tags, dropping the fingerprint.
    await patchBehindTheBack(target?.id ?? 0, { tags: ["unknown"], configuration: { [TOKEN]: OTHER_TOKEN } });
    const doc = jsonOf(await runInProcess(["plan", "--file", dir, "--json"], env()));
    const change = doc.changes.find((c: { name: string }) => c.name === "unknown-1");
    expect(change).toMatchObject({ action: "none", fields: [{ key: TOKEN, secret: true, comparison: "unknown" }] });
    expect(doc.summary.update).toBe(0);
    const replaced = jsonOf(await runInProcess(["apply", "--file", dir, "--replace-secrets", "--json"], env()));
    expect(replaced.summary.update).toBe(1);
    expect(platform.emulator.instances().find((i) => i.name === "unknown-1")?.configuration[TOKEN]).toBe(AUTH_TOKEN);
    expect(jsonOf(await runInProcess(["plan", "--file", dir, "--json"], env())).summary.none).toBe(5);
  });

  it("removing a file and planning with --prune <tag> plans its deletion; apply needs --yes without a terminal", async () => {
    const dir = await applied("prune");
    rmSync(join(dir, "prune-5.json"));
    const run = await runInProcess(["plan", "--file", dir, "--prune", "prune", "--json"], env());
    const doc = jsonOf(run);
    expect(doc.summary).toEqual({ create: 0, update: 0, delete: 1, none: 4 });
    expect(doc.changes.find((c: { action: string }) => c.action === "delete")).toMatchObject({ name: "prune-5", element: "twilio" });
    expect((await runInProcess(["plan", "--file", dir, "--prune", "prune"], env())).stdout).toMatch(/^- twilio prune-5/m);
    const refused = await runInProcess(["apply", "--file", dir, "--prune", "prune"], env());
    expect(refused.code).toBe(2);
    expect(platform.emulator.instances().some((i) => i.name === "prune-5")).toBe(true);
    expect((await runInProcess(["apply", "--file", dir, "--prune", "prune", "--yes", "--json"], env())).code).toBe(0);
    expect(platform.emulator.instances().some((i) => i.name === "prune-5")).toBe(false);
  });

  it("apply proves the store writable before it changes anything: a lock that is a directory is exit 3, nothing created", async () => {
    const dir = fiveFiles("unwritable");
    const lock = join(String(platform.env.CONNECTOR_CONFIG_DIR), "store.json.lock");
    mkdirSync(lock, { recursive: true });
    const run = await runInProcess(["apply", "--file", dir, "--json"], env());
    expect(run.code, run.stderr).toBe(3);
    expect(jsonOf(run).error.message).toContain(`The store lock ${lock} is not a file`);
    expect(platform.emulator.instances().filter((i) => i.name.startsWith("unwritable-"))).toEqual([]);
  });

  it("a desired instance without the --prune tag is a located problem, exit 3, nothing read", async () => {
    const dir = writeDir({ "a.json": instanceDoc("untagged-a", { tags: ["x"] }) });
    const run = await runInProcess(["plan", "--file", dir, "--prune", "team", "--json"], env());
    expect(run.code).toBe(3);
    const problem = jsonOf(run).error.problems[0];
    expect(problem).toMatchObject({ key: "tags", file: join(dir, "a.json"), line: 6, column: 3 });
  });

  it("applying a saved plan after someone else changed the instance refuses, exit 5, nothing done", async () => {
    const dir = await applied("saved");
    editFile(dir, "saved-1.json", { [SENDER]: "+15005550007" });
    const out = join(dir, "..", "plan.json");
    const made = await runInProcess(["plan", "--file", dir, "--out", out, "--json"], env());
    expect(made.code, made.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const saved = readFileSync(out, "utf8");
    expect(saved).not.toContain(AUTH_TOKEN);
    expect(saved).not.toContain(USER_SECRET);
    const other = platform.emulator.instances().find((i) => i.name === "saved-3");
    await patchBehindTheBack(other?.id ?? 0, { configuration: { [SENDER]: "+15005550009" } });
    const run = await runInProcess(["apply", "--plan", out, "--json"], env());
    expect(run.code).toBe(5);
    expect(jsonOf(run).error.message).toContain('twilio instance "saved-3" (id ' + String(other?.id) + ") changed on the platform since the plan was made");
    expect(platform.emulator.instances().find((i) => i.name === "saved-1")?.configuration[SENDER]).toBe("+15005550006");
  });

  it("a saved plan is refused after a change the files do not mention: the instance is compared as read, not only its diff", async () => {
    const dir = await applied("unnamed");
    editFile(dir, "unnamed-1.json", { [SENDER]: "+15005550007" });
    const out = join(dir, "..", "plan.json");
    expect((await runInProcess(["plan", "--file", dir, "--out", out], env())).code).toBe(0);
    // An entry no file sets: the fresh plan's diff is the same as the saved one's.
    const other = platform.emulator.instances().find((i) => i.name === "unnamed-2");
    await patchBehindTheBack(other?.id ?? 0, { configuration: { "messaging.sms.twilio.callback.url": "https://example.com/elsewhere" } });
    expect(jsonOf(await runInProcess(["plan", "--file", dir, "--json"], env())).summary).toEqual({ create: 0, update: 1, delete: 0, none: 4 });
    const run = await runInProcess(["apply", "--plan", out, "--json"], env());
    expect(run.code).toBe(5);
    expect(jsonOf(run).error.message).toContain('"unnamed-2"');
    expect(jsonOf(run).error.message).toContain("changed on the platform since the plan was made. Nothing was changed.");
    expect(platform.emulator.instances().find((i) => i.name === "unnamed-1")?.configuration[SENDER]).toBe("+15005550006");
  });

  it("a saved plan applies when nothing moved, and refuses when the files want something else", async () => {
    const dir = await applied("again");
    editFile(dir, "again-1.json", { [SENDER]: "+15005550007" });
    const out = join(dir, "..", "plan.json");
    expect((await runInProcess(["plan", "--file", dir, "--out", out], env())).code).toBe(0);
    const changedToken = await runInProcess(["apply", "--plan", out, "--json"], env({ TWILIO_AUTH_TOKEN: OTHER_TOKEN }));
    expect(changedToken.code).toBe(5);
    const run = await runInProcess(["apply", "--plan", out, "--json"], env());
    expect(run.code, run.stderr).toBe(0);
    expect(jsonOf(run)).toMatchObject({ applied: true, summary: { update: 1, none: 4 } });
    expect(platform.emulator.instances().find((i) => i.name === "again-1")?.configuration[SENDER]).toBe("+15005550007");
  });

  it("the diff ignores the name tag the platform adds and the operation tag", async () => {
    const dir = await applied("nametag");
    const target = platform.emulator.instances().find((i) => i.name === "nametag-1");
    await patchBehindTheBack(target?.id ?? 0, { tags: [...(target?.tags ?? []), "nametag-1"] });
    const doc = jsonOf(await runInProcess(["plan", "--file", dir, "--json"], env()));
    expect(doc.summary.none).toBe(5);
    expect(JSON.stringify(doc)).not.toContain("connector-op:");
    expect(JSON.stringify(doc)).not.toContain("connector-fp:");
  });
});

describe("apply keeps provision's rules", () => {
  it("a create whose answer is lost is adopted by its operation marker, never sent again: no duplicate, tokens stored, then nothing to do", async () => {
    const faults: FaultSpec[] = [{ kind: "commit-then-reset", probability: 1, method: "POST", path: "/instances" }];
    const faulty = await startEmulator({ port: 0, faults });
    try {
      const e = platformEnv(faulty.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
      const dir = writeDir({ "a.json": instanceDoc("lossy-a"), "b.json": instanceDoc("lossy-b") });
      const made = await runInProcess(["apply", "--file", dir, "--json"], e);
      expect(made.code, made.stderr).toBe(0);
      expect(made.stderr).toMatch(/adopting it/);
      expect(
        faulty
          .instances()
          .map((i) => i.name)
          .sort(),
      ).toEqual(["lossy-a", "lossy-b"]); // created concurrently: in either order
      expect(faulty.requests.filter((r) => r.method === "POST" && r.path.endsWith("/instances"))).toHaveLength(2);
      expect(jsonOf(await runInProcess(["instances", "list", "--json"], e)).instances).toHaveLength(2);
      expect(jsonOf(await runInProcess(["plan", "--file", dir, "--json"], e)).summary).toEqual({ create: 0, update: 0, delete: 0, none: 2 });
    } finally {
      await faulty.close();
    }
  });
});
