// The files connector writes besides the store (plan --out, init's instance.json, the
// emulator's --state) go through the one replacer (src/os/replace-file.ts): a symlink planted
// at a temp name the old writers used (`.plan.json.<pid>.tmp`, `instance.json.<pid>.tmp`,
// `state.json.<pid>.<n>.tmp`) is never written through, and the file is 0600 (or init's 0644)
// whole. And a saved plan edited by hand is exit 3 naming the file and the field, never a crash.
import { lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonOf, runInProcess, tempConfigDir } from "./helpers/run.ts";
import { ACCOUNT_SID, AUTH_TOKEN, usePlatform } from "./helpers/platform.ts";
import { instanceDoc, writeDir } from "./helpers/batch.ts";
import { createStateWriter } from "../src/emulator/state-file.ts";
import { checkSavedPlan } from "../src/plan/plan-schema.ts";

const platform = usePlatform();
const env = () => ({ ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
const VICTIM_TEXT = "a file the attacker wants overwritten\n";

/** A victim file, and symlinks to it at each of `names` inside `dir`. */
function plant(dir: string, names: string[]): string {
  const victim = join(mkdtempSync(join(tmpdir(), "connector-victim-")), "victim.txt");
  writeFileSync(victim, VICTIM_TEXT, { mode: 0o644 });
  for (const name of names) symlinkSync(victim, join(dir, name));
  return victim;
}

function expectUntouched(victim: string): void {
  expect(readFileSync(victim, "utf8")).toBe(VICTIM_TEXT);
  expect(statSync(victim).mode & 0o777).toBe(0o644);
}

const mode = (file: string) => lstatSync(file).mode & 0o777;

describe("writers never follow a planted symlink", () => {
  it("plan --out", async () => {
    const dir = mkdtempSync(join(tmpdir(), "connector-out-"));
    const victim = plant(dir, [`.plan.json.${process.pid}.tmp`]);
    const out = join(dir, "plan.json");
    const run = await runInProcess(["plan", "--file", writeDir({ "a.json": instanceDoc("writer-plan") }), "--out", out], env());
    expect(run.code, run.stderr).toBe(0);
    expectUntouched(victim);
    expect(lstatSync(out).isFile()).toBe(true);
    expect(mode(out)).toBe(0o600);
    expect(JSON.parse(readFileSync(out, "utf8"))).toMatchObject({ format: "connector-plan" });
  });

  it("plan --out over a symlink replaces the link, not its target", async () => {
    const dir = mkdtempSync(join(tmpdir(), "connector-out-"));
    const victim = plant(dir, ["plan.json"]);
    const run = await runInProcess(["plan", "--file", writeDir({ "a.json": instanceDoc("writer-plan-link") }), "--out", join(dir, "plan.json")], env());
    expect(run.code, run.stderr).toBe(0);
    expectUntouched(victim);
    expect(lstatSync(join(dir, "plan.json")).isFile()).toBe(true);
  });

  it("a plan that cannot be written is exit 3 naming it", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "connector-out-")), "missing", "plan.json");
    const run = await runInProcess(["plan", "--file", writeDir({ "a.json": instanceDoc("writer-plan-missing") }), "--out", out, "--json"], env());
    expect(run.code).toBe(3);
    expect(jsonOf(run).error.message).toContain(`Cannot write the plan ${out}: ENOENT`);
  });

  it("init, with and without --force; without it an existing file is still refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "connector-init-"));
    const out = join(dir, "instance.json");
    const victim = plant(dir, [`instance.json.${process.pid}.tmp`]);
    const args = ["init", "--no-input", "--out", out, "--name", "acme", "--account-sid", ACCOUNT_SID, "--sender", "+15005550006"];
    const initEnv = { CONNECTOR_CONFIG_DIR: tempConfigDir(), TWILIO_AUTH_TOKEN: AUTH_TOKEN };
    expect((await runInProcess(args, initEnv)).code).toBe(0);
    expectUntouched(victim);
    expect(mode(out)).toBe(0o644);
    const again = await runInProcess(args, initEnv);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already exists");
    const linked = plant(dir, ["linked.json"]);
    expect((await runInProcess([...args.slice(0, 3), join(dir, "linked.json"), ...args.slice(4), "--force"], initEnv)).code).toBe(0);
    expectUntouched(linked);
    expect((await runInProcess([...args.slice(0, 3), join(dir, "linked.json"), ...args.slice(4)], initEnv)).code).toBe(2);
    expect(readdirSync(dir).filter((name) => name.includes("tmp"))).toEqual([`instance.json.${process.pid}.tmp`]);
  });

  it("the emulator's state file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "connector-state-"));
    const victim = plant(
      dir,
      Array.from({ length: 20 }, (_, n) => `state.json.${process.pid}.${n + 1}.tmp`),
    );
    const writer = createStateWriter(join(dir, "state.json"), () => ({ version: 1, nextId: 1, instances: [] }));
    for (let i = 0; i < 5; i++) await writer.save();
    expectUntouched(victim);
    expect(mode(join(dir, "state.json"))).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, "state.json"), "utf8"))).toEqual({ version: 1, nextId: 1, instances: [] });
  });
});

describe("a saved plan edited by hand", () => {
  async function savedPlan(): Promise<{ path: string; plan: Record<string, unknown>; files: string }> {
    const path = join(mkdtempSync(join(tmpdir(), "connector-saved-")), "plan.json");
    const files = writeDir({ "a.json": instanceDoc("hand-edited") });
    const run = await runInProcess(["plan", "--file", files, "--out", path], env());
    expect(run.code, run.stderr).toBe(0);
    return { path, plan: JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>, files };
  }

  const SHAPES: [string, (plan: Record<string, unknown>) => unknown, string][] = [
    ["inputs: {}", (plan) => ({ ...plan, inputs: {} }), "inputs.files must be a list of paths"],
    ["changes: [null]", (plan) => ({ ...plan, changes: [null] }), "changes[0] must be an object"],
    [
      "a secret fingerprint that is a number",
      (plan) => ({ ...plan, changes: (plan.changes as Record<string, unknown>[]).map((c) => ({ ...c, secrets: { "messaging.sms.twilio.token": 7 } })) }),
      "changes[0].secrets.messaging.sms.twilio.token must be text",
    ],
    ["inputs: null", (plan) => ({ ...plan, inputs: null }), "inputs must be an object"],
    ["inputs.files: [1]", (plan) => ({ ...plan, inputs: { files: [1] } }), "inputs.files must be a list of paths"],
    ["changes: {}", (plan) => ({ ...plan, changes: {} }), "changes must be a list"],
    ["an action that is no action", (plan) => ({ ...plan, changes: [{ action: "explode", element: "twilio", name: "x" }] }), "changes[0].action must be create, update, delete or none"],
    ["a delete without an id", (plan) => ({ ...plan, changes: [{ action: "delete", element: "twilio", name: "x" }] }), "changes[0].id must be the id of the instance to delete"],
    ["an id of 1.5", (plan) => ({ ...plan, changes: [{ action: "update", element: "twilio", name: "x", id: 1.5 }] }), "changes[0].id must be a positive whole number"],
    ["fields: [null]", (plan) => ({ ...plan, changes: [{ action: "update", element: "twilio", name: "x", id: 1, fields: [null] }] }), "changes[0].fields[0] must be an object"],
    ["keyId: 5", (plan) => ({ ...plan, keyId: 5 }), "keyId must be text"],
    ['replaceSecrets: "no"', (plan) => ({ ...plan, replaceSecrets: "no" }), "replaceSecrets must be true or false"],
    ["a JSON array", () => [], "the document must be an object"],
  ];

  it.each(SHAPES)("%s: apply --plan is exit 3 naming the file and the field, nothing changed", async (_label, edit, field) => {
    const { path, plan } = await savedPlan();
    writeFileSync(path, JSON.stringify(edit(plan)));
    const before = platform.emulator.instances().length;
    const run = await runInProcess(["apply", "--plan", path, "--json"], env());
    expect(run.code, run.stdout).toBe(3);
    expect(jsonOf(run).error.message).toBe(`The plan ${path} is not one connector plan --out wrote: ${field}.`);
    expect(platform.emulator.instances()).toHaveLength(before);
  });

  it("any shape at all is a saved plan or exit 3, never a crash", async () => {
    const { plan } = await savedPlan();
    const anything = fc.anything({ maxDepth: 3 });
    const field = fc.constantFrom(...Object.keys(plan), "changes", "inputs");
    fc.assert(
      fc.property(field, anything, fc.nat(3), (key, value, index) => {
        const edited: Record<string, unknown> = structuredClone(plan);
        if (key === "changes" && Array.isArray(edited.changes) && index < 3) (edited.changes as unknown[])[index] = value;
        else edited[key] = value;
        try {
          checkSavedPlan(JSON.parse(JSON.stringify(edited)), "plan.json");
        } catch (error) {
          expect((error as { exitCode?: number; message: string }).message).toMatch(/^The plan plan\.json is not one connector plan --out wrote: /);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("apply --plan of a randomly edited plan exits 0, 3 or 5, never 1", async () => {
    const { path, plan } = await savedPlan();
    const field = fc.constantFrom(...Object.keys(plan));
    await fc.assert(
      fc.asyncProperty(field, fc.anything({ maxDepth: 2 }), async (key, value) => {
        writeFileSync(path, JSON.stringify({ ...plan, [key]: value }));
        const run = await runInProcess(["apply", "--plan", path, "--json"], env());
        expect([0, 3, 5], run.stdout).toContain(run.code);
      }),
      { numRuns: 15 },
    );
  });
});
