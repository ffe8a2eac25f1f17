// @module-tag slow: the action's steps run in bash, each starting the program (npm test leaves it out; npm run test:all runs it)
// The action's inputs are values, never options: a files or prune input cannot point the
// program at another platform (a listener on 127.0.0.1 stands for one and must hear nothing),
// a line-broken command input cannot forge a workflow command, a path may hold spaces, and
// args carries one argument a line or a JSON array. The action's run step is taken from action.yml.
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUTH_TOKEN, usePlatform } from "./helpers/platform.ts";
import { instanceDoc, writeDir } from "./helpers/batch.ts";

const platform = usePlatform();
const ROOT = new URL("..", import.meta.url).pathname;
const action = readFileSync(join(ROOT, "action.yml"), "utf8");
const STEPS = [...action.matchAll(/^\s+run: '(.+)'$/gm)].map((m) => m[1] ?? "");
const SETUP_STEP = STEPS[0] ?? "";
const RUN_STEP = STEPS.at(-1) ?? "";

/** Stands for an attacker's server: every request it hears is recorded (and answered, so the program would go on). */
let heard: string[] = [];
let listener: Server;
let attacker = "";
beforeAll(async () => {
  listener = createServer((request, response) => {
    heard.push(`${request.method} ${request.url} ${request.headers.authorization ?? ""}`);
    response.end("[]");
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  attacker = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/elements/api-v2`;
});
afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

interface StepRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the action's run step with these inputs, asynchronously (the emulator and the listener answer in this process). */
function runStep(inputs: Record<string, string>, cwd = tmpdir()): Promise<StepRun> {
  heard = [];
  const dir = mkdtempSync(join(tmpdir(), "connector-inputs-"));
  const env = {
    ...platform.env,
    PATH: process.env.PATH,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_ACTION_PATH: ROOT,
    GITHUB_STEP_SUMMARY: join(dir, "summary.md"),
    GITHUB_OUTPUT: join(dir, "output.txt"),
    ...inputs,
  };
  return new Promise((resolve) => execFile("bash", ["-c", RUN_STEP], { env, cwd, encoding: "utf8" }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr })));
}

describe("the files and prune inputs cannot become options", () => {
  const file = () => join(writeDir({ "a.json": instanceDoc("inputs-a", { tags: ["team"] }) }), "a.json");

  it.each([
    ["a prune input", () => ({ INPUT_FILES: file(), INPUT_PRUNE: `--base-url=${attacker}` }), "The prune input"],
    ["a files input", () => ({ INPUT_FILES: `--base-url=${attacker}` }), "The files input"],
    ["a second line of the files input", () => ({ INPUT_FILES: `${file()}\n--base-url=${attacker}` }), "The files input"],
  ])("%s that looks like --base-url is refused (exit 2, ::error::) and nothing reaches that address", async (_label, inputs, error) => {
    const run = await runStep({ INPUT_COMMAND: "plan", ...inputs() });
    expect(heard).toEqual([]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^::error::${error}`, "m"));
  });

  it("a word after a space in a files line is part of its path, never an option", async () => {
    const run = await runStep({ INPUT_COMMAND: "plan", INPUT_FILES: `${file()} --base-url=${attacker}` });
    expect(heard).toEqual([]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`Missing instance file ${file().replace(/-[^/]*\/instances\/a.json$/, "")}`);
  });

  it("a prune tag is passed as the value of --prune, whatever follows it", async () => {
    const run = await runStep({ INPUT_COMMAND: "plan", INPUT_FILES: file(), INPUT_PRUNE: "team", INPUT_ARGS: "--json" });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, summary: { create: 1 } });
  });
});

describe("echoed inputs are one line of a workflow command", () => {
  it("a command input with line breaks cannot start a workflow command of its own", async () => {
    const run = await runStep({ INPUT_COMMAND: "plan\n::error file=README.md,line=1::Tests failed\r\n::add-mask::Plan" });
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n").filter((line) => line.startsWith("::"))).toEqual([
      '::error::The command input must be plan, apply or provision, not "plan%0A::error file=README.md,line=1::Tests failed%0D%0A::add-mask::Plan".',
    ]);
  });

  it("a files line that begins with - is quoted in one line", async () => {
    const run = await runStep({ INPUT_COMMAND: "plan", INPUT_FILES: "-x%\r" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('::error::The files input holds "-x%25"');
  });
});

describe("paths and arguments with spaces", () => {
  it("files takes one path a line, spaces inside kept; args one argument a line", async () => {
    const home = join(mkdtempSync(join(tmpdir(), "connector-inputs-")), "Jane Doe");
    const dir = join(home, "my instances");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "a b.json"), JSON.stringify(instanceDoc("inputs-spaces")));
    const run = await runStep({ INPUT_COMMAND: "plan", INPUT_FILES: `  ${dir}  \r\n\n`, INPUT_ARGS: "--json\n--detailed-exitcode\n" });
    expect(run.code, run.stderr).toBe(8);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, changes: [{ name: "inputs-spaces", source: join(dir, "a b.json") }] });
  });

  it("args may be a JSON array, so one argument can hold a space", async () => {
    const dir = mkdtempSync(join(tmpdir(), "connector-inputs-"));
    const file = join(writeDir({ "a.json": instanceDoc("inputs-json-args") }), "a.json");
    const run = await runStep({ INPUT_COMMAND: "plan", INPUT_FILES: file, INPUT_ARGS: JSON.stringify(["--out", join(dir, "the plan.json")]) });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "the plan.json"), "utf8"))).toMatchObject({ format: "connector-plan" });
  });

  it("args that begin with [ but are no JSON array of strings are refused", async () => {
    const run = await runStep({ INPUT_COMMAND: "plan", INPUT_ARGS: '["--json", 1]' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("::error::The args input begins with");
  });
});

describe("what the action declares", () => {
  it("every output the program writes, each mapped from the run step; Node and the secrets it needs are named", () => {
    for (const output of ["summary", "changes", "ids", "names", "id", "name"]) {
      expect(action).toMatch(new RegExp(`^  ${output}:\\n    description: .+\\n    value: \\$\\{\\{ steps\\.run\\.outputs\\.${output} \\}\\}$`, "m"));
    }
    const description = /^description: "(.+)"$/m.exec(action)?.[1] ?? "";
    for (const needed of ["Node.js 20.19", "actions/setup-node", "CONNECTOR_BASE_URL", "CONNECTOR_USER_SECRET", "CONNECTOR_ORG_SECRET", "TWILIO_AUTH_TOKEN"]) expect(description).toContain(needed);
  });

  it("every input the run step reads is declared, and every declared input reaches a step", () => {
    const declared = [...action.matchAll(/^ {2}([\w-]+):\n {4}description/gm)].map((m) => m[1] ?? "").filter((name) => !/^(summary|changes|ids|names|id|name)$/.test(name));
    const used = [...action.matchAll(/\$\{\{ inputs\.([\w-]+) \}\}/g)].map((m) => m[1]);
    expect(new Set(used)).toEqual(new Set(declared));
    expect(declared).toEqual(expect.arrayContaining(["command", "files", "prune", "args", "base-url", "user-secret", "org-secret", "twilio-auth-token", "fingerprint-key"]));
  });

  it("provision of one file sets the id and name outputs the action declares", async () => {
    const file = join(writeDir({ "a.json": instanceDoc("inputs-provision") }), "a.json");
    const dir = mkdtempSync(join(tmpdir(), "connector-inputs-"));
    const output = join(dir, "output.txt");
    writeFileSync(output, "");
    const run = await runStep({ INPUT_COMMAND: "provision", INPUT_FILES: file, GITHUB_OUTPUT: output });
    expect(run.code, run.stderr).toBe(0);
    const written = readFileSync(output, "utf8");
    const id = platform.emulator.instances().find((instance) => instance.name === "inputs-provision")?.id;
    expect(written).toContain(`id=${id}\nname=inputs-provision\n`);
  });

  it("a secret given as an input is the one sent, over the environment's", async () => {
    const file = join(writeDir({ "a.json": instanceDoc("inputs-secret") }), "a.json");
    const before = platform.emulator.requests.length;
    const run = await runStep({ INPUT_COMMAND: "plan", INPUT_FILES: file, INPUT_USER_SECRET: "user-secret-from-input", INPUT_ORG_SECRET: "org-secret-from-input" });
    expect(run.code, run.stderr).toBe(0);
    const sent = platform.emulator.requests.slice(before).map((request) => String(request.headers.authorization));
    expect(sent.length).toBeGreaterThan(0);
    for (const header of sent) expect(header).toMatch(/^User user-secret-from-input, Organization org-secret-from-input/);
  });
});

describe("the setup step", () => {
  /** An action folder without a build, and a PATH whose npm only records what it is asked (and makes the program it would install). */
  function unbuilt(): { actionPath: string; log: string; env: NodeJS.ProcessEnv } {
    const actionPath = mkdtempSync(join(tmpdir(), "connector-action-"));
    copyFileSync(join(ROOT, "package.json"), join(actionPath, "package.json"));
    mkdirSync(join(actionPath, "scripts"));
    copyFileSync(join(ROOT, "scripts", "github-action-setup.sh"), join(actionPath, "scripts", "github-action-setup.sh"));
    chmodSync(join(actionPath, "scripts", "github-action-setup.sh"), 0o755);
    const bin = mkdtempSync(join(tmpdir(), "connector-fake-npm-"));
    const log = join(bin, "npm.log");
    writeFileSync(join(bin, "npm"), `#!/usr/bin/env bash\necho "$PWD: $*" >> "${log}"\n`, { mode: 0o755 });
    const output = join(actionPath, "output.txt");
    writeFileSync(output, "");
    return { actionPath, log, env: { PATH: `${bin}:${process.env.PATH}`, GITHUB_ACTION_PATH: actionPath, GITHUB_OUTPUT: output, RUNNER_TEMP: join(actionPath, "temp") } };
  }
  const setup = (env: NodeJS.ProcessEnv) =>
    new Promise<StepRun & { bin: string }>((resolve) =>
      execFile("bash", ["-c", SETUP_STEP], { env, encoding: "utf8" }, (error, stdout, stderr) =>
        resolve({
          code: error ? Number(error.code) : 0,
          stdout,
          stderr,
          bin: /^bin=(.*)$/m.exec(existsSync(String(env.GITHUB_OUTPUT)) ? readFileSync(String(env.GITHUB_OUTPUT), "utf8") : "")?.[1] ?? "",
        }),
      ),
    );
  const version = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

  it("with a build in the action's folder runs it, and runs nothing else", async () => {
    const { env, log } = unbuilt();
    expect(existsSync(join(ROOT, "dist", "connector.cjs"))).toBe(true);
    const run = await setup({ ...env, GITHUB_ACTION_PATH: ROOT.replace(/\/$/, ""), CONNECTOR_ACTION_REF: `v${version}` });
    expect(run.code, run.stderr).toBe(0);
    expect(run.bin).toBe(`${ROOT}bin/connector.js`);
    expect(existsSync(log)).toBe(false); // no npm at all
  });

  it.each([`v${version}`, version, `v${version.split(".")[0]}`])("at the release tag %s installs the published package of that version alone, into the runner's temp folder", async (ref) => {
    const { env, log, actionPath } = unbuilt();
    const run = await setup({ ...env, CONNECTOR_ACTION_REF: ref });
    expect(run.code, run.stderr).toBe(0);
    const prefix = join(actionPath, "temp", `connector-${version}`);
    expect(readFileSync(log, "utf8").trim()).toMatch(new RegExp(`: install --no-save .*--ignore-scripts --prefix ${prefix} open-connectors-sms@${version.replace(/\./g, "\\.")}$`));
    expect(run.bin).toBe(join(prefix, "node_modules", "open-connectors-sms", "bin", "connector.js"));
  });

  it("at any other ref (a branch, a commit, ./) builds the action's source once, without lifecycle scripts", async () => {
    const { env, log, actionPath } = unbuilt();
    const run = await setup({ ...env, CONNECTOR_ACTION_REF: "main" });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(log, "utf8").trim().split("\n")).toEqual([`${actionPath}: ci --ignore-scripts --no-audit --no-fund`, `${actionPath}: run build`]);
    expect(run.bin).toBe(join(actionPath, "bin", "connector.js"));
  });

  it("without Node 20.19 on PATH is exit 2 with an ::error:: naming actions/setup-node", async () => {
    const { env } = unbuilt();
    const old = mkdtempSync(join(tmpdir(), "connector-old-node-"));
    writeFileSync(join(old, "node"), '#!/usr/bin/env bash\n[ "$1" = --version ] && echo v18.19.0\nexit 1\n', { mode: 0o755 });
    const run = await setup({ ...env, PATH: `${old}:${env.PATH}` });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("::error::connector needs Node.js 20.19 or later, and this job has v18.19.0: add actions/setup-node");
  });
});
