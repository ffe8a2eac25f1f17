// In GitHub Actions (GITHUB_ACTIONS=true): problems located in their file as ::error
// annotations on stderr (stdout stays one JSON document), Markdown appended to
// $GITHUB_STEP_SUMMARY by plan, apply and batch provision, ::add-mask:: before a token shown
// with --show-token, ids and names in $GITHUB_OUTPUT with --github-output; and action.yml run
// step by step, its steps' commands taken from the file.
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonOf, runInProcess } from "./helpers/run.ts";
import { AUTH_TOKEN, usePlatform } from "./helpers/platform.ts";
import { instanceDoc, writeDir } from "./helpers/batch.ts";
import { problemAnnotation } from "../src/ui/github.ts";

const platform = usePlatform();
const ROOT = new URL("..", import.meta.url).pathname;

/** The environment Actions sets, with fresh summary and output files. */
function actionsEnv(): NodeJS.ProcessEnv & { GITHUB_STEP_SUMMARY: string; GITHUB_OUTPUT: string } {
  const dir = mkdtempSync(join(tmpdir(), "connector-gha-"));
  const summary = join(dir, "summary.md");
  const output = join(dir, "output.txt");
  writeFileSync(summary, "");
  writeFileSync(output, "");
  return { ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN, GITHUB_ACTIONS: "true", CI: "true", GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output };
}

/** The name=value and name<<DELIMITER outputs of a $GITHUB_OUTPUT file. */
function readOutputs(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(path, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heredoc = /^([\w-]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] ?? "", i + 1);
      out[heredoc[1] ?? ""] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) out[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
  }
  return out;
}

describe("problems located in their file", () => {
  const bad = () => writeDir({ "instance.json": instanceDoc("located", {}, { "messaging.sms.twilio.sender": "not a sender!" }) });

  it("text output says file:line:column everywhere, not only in Actions", async () => {
    const file = join(bad(), "instance.json");
    const run = await runInProcess(["validate", "--file", file], { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`${file}:12:5: Invalid messaging.sms.twilio.sender`);
    expect(run.stderr).not.toContain("::error");
  });

  it("--json problems carry file, line and column; in Actions each is an ::error annotation on stderr", async () => {
    const file = join(bad(), "instance.json");
    const run = await runInProcess(["provision", "--file", file, "--json"], actionsEnv());
    expect(run.code).toBe(3);
    expect(jsonOf(run).error.problems).toEqual([expect.objectContaining({ key: "messaging.sms.twilio.sender", file, line: 12, column: 5 })]);
    expect(run.stderr).toMatch(new RegExp(`^::error file=${file.replace(/[/.]/g, "\\$&")},line=12,col=5::Invalid messaging\\.sms\\.twilio\\.sender`, "m"));
  });

  it("a JSON syntax error is located too", async () => {
    const dir = writeDir({ "broken.json": '{\n  "name": "x",\n  "tags": ["a",]\n}\n' });
    const run = await runInProcess(["plan", "--file", dir, "--json"], actionsEnv());
    expect(run.code).toBe(3);
    expect(jsonOf(run).error.problems[0]).toMatchObject({ file: join(dir, "broken.json"), line: 3, column: 15 });
    expect(run.stderr).toContain(`::error file=${join(dir, "broken.json")},line=3,col=15::`);
  });

  it("a failed item of a batch provision is annotated too", async () => {
    const dir = writeDir({ "good.json": instanceDoc("gha-batch-good"), "bad.json": instanceDoc("gha-batch-bad", {}, { "messaging.sms.twilio.sender": "!!" }) });
    const env = actionsEnv();
    const run = await runInProcess(["provision", "--file", dir, "--github-output"], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`::error file=${join(dir, "bad.json")},line=12,col=5::`);
    const summary = readFileSync(env.GITHUB_STEP_SUMMARY, "utf8");
    expect(summary).toContain("### connector provision");
    expect(summary).toMatch(/\| ✔ created \| gha-batch-good \| \d+ \|/);
    expect(summary).toContain("| ✖ ");
    const outputs = readOutputs(env.GITHUB_OUTPUT);
    expect(JSON.parse(outputs.names ?? "")).toEqual(["gha-batch-good"]);
    expect(JSON.parse(outputs.ids ?? "")).toHaveLength(1);
  });
});

describe("step summary and outputs", () => {
  it("plan and apply append their table of changes to $GITHUB_STEP_SUMMARY and set changes, summary, ids and names", async () => {
    const dir = writeDir({ "a.json": instanceDoc("gha-a"), "b.json": instanceDoc("gha-b") });
    const env = actionsEnv();
    const plan = await runInProcess(["plan", "--file", dir, "--github-output", "--json"], env);
    expect(plan.code, plan.stderr).toBe(0);
    jsonOf(plan); // stdout is still exactly one document
    const afterPlan = readFileSync(env.GITHUB_STEP_SUMMARY, "utf8");
    expect(afterPlan).toContain("### connector plan");
    expect(afterPlan).toContain("| `+` create | twilio | gha-a |");
    expect(afterPlan).toContain("Plan: 2 to create, 0 to update, 0 to delete, 0 unchanged.");
    expect(readOutputs(env.GITHUB_OUTPUT)).toMatchObject({ changes: "2", names: JSON.stringify(["gha-a", "gha-b"]) });
    expect(readOutputs(env.GITHUB_OUTPUT).summary).toContain("### connector plan");

    const apply = await runInProcess(["apply", "--file", dir, "--github-output"], env);
    expect(apply.code, apply.stderr).toBe(0);
    const afterApply = readFileSync(env.GITHUB_STEP_SUMMARY, "utf8");
    expect(afterApply.startsWith(afterPlan)).toBe(true);
    expect(afterApply).toContain("### connector apply");
    expect(afterApply).toContain("Applied: 2 created");
    const ids = platform.emulator
      .instances()
      .filter((i) => i.name === "gha-a" || i.name === "gha-b")
      .map((i) => i.id)
      .sort((a, b) => a - b);
    expect(JSON.parse(readOutputs(env.GITHUB_OUTPUT).ids ?? "").sort((a: number, b: number) => a - b)).toEqual(ids);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, "utf8") + readFileSync(env.GITHUB_OUTPUT, "utf8")).not.toContain(AUTH_TOKEN);
  });

  it("a name holding terminal escapes, NUL or a bidi override is shown escaped in the step summary and the outputs", async () => {
    const hostile = "gha-\u001b[2J\u0000\u202eevil";
    const dir = writeDir({ "a.json": instanceDoc(hostile) });
    const env = actionsEnv();
    const plan = await runInProcess(["plan", "--file", dir, "--github-output", "--json"], env);
    expect(plan.code, plan.stderr).toBe(0);
    const written = readFileSync(env.GITHUB_STEP_SUMMARY, "utf8") + readFileSync(env.GITHUB_OUTPUT, "utf8");
    for (const raw of ["\u001b", "\u0000", "\u202e"]) expect(written).not.toContain(raw);
    // The backslash of each escape and the [ are escaped in turn for Markdown: GitHub shows \u001b[2J.
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, "utf8")).toContain("| gha-\\\\u001b\\[2J\\\\u0000\\\\u202eevil |");
    expect(readOutputs(env.GITHUB_OUTPUT).names).toContain("gha-\\u001b[2J");
  });

  it("--show-token masks the token with ::add-mask:: on stderr first; --github-output writes id and name", async () => {
    const dir = writeDir({ "instance.json": instanceDoc("gha-token") });
    const env = actionsEnv();
    const run = await runInProcess(["provision", "--file", join(dir, "instance.json"), "--show-token", "--github-output", "--json"], env);
    expect(run.code, run.stderr).toBe(0);
    const { token, id } = jsonOf(run);
    expect(token).toMatch(/\S{20,}/);
    expect(run.stderr).toContain(`::add-mask::${token}`);
    expect(readOutputs(env.GITHUB_OUTPUT)).toMatchObject({ id: String(id), name: "gha-token" });
    const quiet = await runInProcess(["provision", "--file", join(dir, "instance.json"), "--if-exists", "skip"], env);
    expect(quiet.stderr).not.toContain("::add-mask::");
  });
});

describe("workflow commands", () => {
  it("escape a file name's , and : and a message's line breaks and %, so the runner reads them whole", () => {
    const line = problemAnnotation({ key: "k", problem: "invalid", message: "100% wrong\nsecond line", file: "dir,a/b:c.json", line: 3, column: 7 });
    expect(line).toBe("::error file=dir%2Ca/b%3Ac.json,line=3,col=7::100%25 wrong%0Asecond line");
  });
});

describe("action.yml", () => {
  const action = readFileSync(join(ROOT, "action.yml"), "utf8");

  it("declares the inputs command, files, prune, args and the outputs summary and changes (tests/github-action-inputs.test.ts: all of them)", () => {
    for (const input of ["command", "files", "prune", "args"]) expect(action).toMatch(new RegExp(`^  ${input}:`, "m"));
    expect(action).toContain("summary:\n    description");
    expect(action).toContain("value: ${{ steps.run.outputs.summary }}");
    expect(action).toContain("value: ${{ steps.run.outputs.changes }}");
    expect(action).toContain("using: composite");
  });

  it("its steps' commands plan the files and folders given, prune by the tag given, and set the outputs the action maps", async () => {
    const runs = [...action.matchAll(/^\s+run: '(.+)'$/gm)].map((m) => m[1] ?? "");
    expect(runs).toHaveLength(2);
    const dir = writeDir({ "a.json": instanceDoc("action-a", { tags: ["action"] }) });
    const single = join(writeDir({ "b.json": instanceDoc("action-b", { tags: ["action"] }) }), "b.json");
    // On the platform, carrying the prune tag, wanted by no file: the plan deletes it.
    const gone = await runInProcess(["provision", "--file", join(writeDir({ "c.json": instanceDoc("action-gone", { tags: ["action"] }) }), "c.json")], actionsEnv());
    expect(gone.code, gone.stderr).toBe(0);
    const env = {
      ...actionsEnv(),
      PATH: process.env.PATH,
      GITHUB_ACTION_PATH: ROOT,
      INPUT_COMMAND: "plan",
      INPUT_FILES: `${dir} \n${single}\n`,
      INPUT_PRUNE: "action",
      INPUT_ARGS: "--json\n--detailed-exitcode",
    };
    expect(existsSync(join(ROOT, "dist", "connector.cjs"))).toBe(true); // so the build step is a no-op here
    let stdout = "";
    // Asynchronously: the emulator answering the CLI runs in this process.
    // --detailed-exitcode: the step fails with 8 when there are changes, as a workflow may ask.
    for (const command of runs) {
      // The run step gets the program the setup step names in its output `bin`, as action.yml maps it.
      const bin = readOutputs(env.GITHUB_OUTPUT).bin;
      stdout = await promisify(execFile)("bash", ["-c", command], { env: { ...env, CONNECTOR_ACTION_BIN: bin }, encoding: "utf8" }).then(
        (r) => r.stdout,
        (e: { code: number; stdout: string }) => (expect(e.code).toBe(8), e.stdout),
      );
    }
    expect(readOutputs(env.GITHUB_OUTPUT).bin).toBe(`${ROOT}/bin/connector.js`); // GITHUB_ACTION_PATH is ROOT, with its slash
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, summary: { create: 2, delete: 1 } });
    const outputs = readOutputs(env.GITHUB_OUTPUT);
    expect(outputs.changes).toBe("3");
    expect(outputs.summary).toContain("| `+` create | twilio | action-a |");
    expect(outputs.summary).toContain("| `+` create | twilio | action-b |");
    expect(outputs.summary).toMatch(/\| `-` delete \| twilio \| action-gone \| \d+ \|/);
  });

  it("docs/ci.md's workflow plans on pull requests and applies on main, with only the inputs the action declares", () => {
    const ci = readFileSync(join(ROOT, "docs", "ci.md"), "utf8");
    const workflow = [...ci.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? "").find((block) => block.includes("uses: your-org/connector@v1")) ?? "";
    expect(workflow).toMatch(/^on:\n {2}pull_request:[\s\S]*\n {2}push:\n {4}branches: \[main\]/m);
    const declared = [...action.matchAll(/^ {2}(\w+):\n {4}description/gm)].map((m) => m[1]);
    // Each use of the action: its condition, and the keys of its `with:`.
    const uses = [...workflow.matchAll(/if: (.+)\n(?:.*\n)*?\s+uses: your-org\/connector@v1.*\n\s+with:\n((?:\s{10}\w+: .*\n)+)/g)].map((m) => ({
      when: m[1],
      with: Object.fromEntries([...(m[2] ?? "").matchAll(/^\s+(\w+): (\S+)/gm)].map((w) => [w[1], w[2]])),
    }));
    expect(uses).toEqual([
      { when: "github.event_name == 'pull_request'", with: expect.objectContaining({ command: "plan" }) },
      { when: "github.event_name == 'push'", with: expect.objectContaining({ command: "apply", args: "--yes" }) },
    ]);
    for (const use of uses) for (const key of Object.keys(use.with)) expect(declared, key).toContain(key);
  });

  it("refuses a command it does not run, and a prune with provision, before running anything", () => {
    const run = action.match(/^\s+run: '(.+)'$/gm)?.[1]?.replace(/^\s+run: '|'$/g, "") ?? "";
    const step = (inputs: Record<string, string>) => spawnSync("bash", ["-c", run], { env: { PATH: process.env.PATH, GITHUB_ACTION_PATH: ROOT, ...inputs }, encoding: "utf8" });
    const unknown = step({ INPUT_COMMAND: "rm" });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('::error::The command input must be plan, apply or provision, not "rm".');
    const prune = step({ INPUT_COMMAND: "provision", INPUT_FILES: "instances", INPUT_PRUNE: "team-sms" });
    expect(prune.status).toBe(2);
    expect(prune.stderr).toContain("::error::The prune input works with plan and apply");
    expect(prune.stdout).toBe("");
  });
});
