// @module-tag slow: docs/plan-apply.md's walk, each command a new process (npm test leaves it out; npm run test:all runs it)
// docs/plan-apply.md's walk, run as written: the emulator started by its own line (on a free
// port instead of 8787), its `export` lines, the sample file as instances/alpha.json and its
// four siblings, then every `$ ` line of its console blocks in order, through bash, from one
// directory, with the built binary as `connector`. What each prints (stdout and stderr, as a
// terminal shows them) must be what the docs show; `...` and "(the plan, as above)" stand for
// any lines.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startCli, waitUntil, type RunningCli } from "./helpers/spawn-cli.ts";
import { blocks, connectorOnPath, freePort, walkSetup } from "./helpers/doc-walk.ts";

const DOC = readFileSync(new URL("../docs/plan-apply.md", import.meta.url), "utf8");
const WALK = DOC.slice(DOC.indexOf("## A walk through it"), DOC.indexOf("\n## ", DOC.indexOf("## A walk through it") + 1));
const EXAMPLES = new URL("../examples", import.meta.url).pathname;
const HAS_CURL = spawnSync("curl", ["--version"]).status === 0;
const NAMES = ["alpha", "bravo", "charlie", "delta", "echo"];

interface Step {
  command: string;
  expected: string[];
}

/** The `$ ` lines of console blocks (with their `\` continuations) and the lines shown after each. */
function steps(consoleBlocks: string[]): Step[] {
  const out: Step[] = [];
  for (const block of consoleBlocks) {
    const lines = block.replace(/\n$/, "").split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? "";
      if (!line.startsWith("$ ")) {
        out.at(-1)?.expected.push(line);
        continue;
      }
      let command = line.slice(2);
      while (command.endsWith("\\") && i + 1 < lines.length) command = `${command}\n${lines[++i] ?? ""}`;
      out.push({ command, expected: [] });
    }
  }
  return out;
}

/** A pattern for what a step shows: its lines literally, `...` and "(the plan, as above)" any lines. */
function shown(expected: string[]): RegExp {
  const body = expected.map((line) => (line === "..." || line === "(the plan, as above)" ? "(?:[^\\n]*\\n)*?" : `${line.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n`)).join("");
  return new RegExp(`^${body}$`);
}

let emulator: RunningCli | undefined;
afterAll(async () => {
  emulator?.child.kill("SIGTERM");
  await emulator?.done;
});

describe.skipIf(!HAS_CURL)("docs/plan-apply.md, run as written", () => {
  it("every command of the walk prints what the docs show", async () => {
    const port = await freePort();
    const { local, start, exports, copies } = walkSetup(WALK, port);

    const dir = mkdtempSync(join(tmpdir(), "connector-walk-"));
    const bin = connectorOnPath(dir);
    const env = { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: dir, TMPDIR: join(dir, "tmp"), LANG: "C.UTF-8", CONNECTOR_CONFIG_DIR: join(dir, "config") };

    emulator = startCli(
      start
        .replace(/^connector /, "")
        .replace(/ &$/, "")
        .split(" "),
      {},
    );
    let announced = "";
    emulator.child.stdout?.on("data", (chunk: Buffer) => (announced += chunk.toString()));
    await waitUntil(() => announced.includes("\n"), 15_000);
    expect(announced.split("\n")[0]).toBe(`http://127.0.0.1:${port}/elements/api-v2`);

    // The sample file is alpha.json; its siblings differ by name only, as the docs say.
    const [sample = ""] = blocks(WALK, "json");
    expect(JSON.parse(sample)).toMatchObject({ name: "sms-alpha" });
    cpSync(EXAMPLES, join(dir, "examples"), { recursive: true });
    expect(spawnSync("bash", ["-c", copies.join("\n")], { cwd: dir, env, encoding: "utf8" }).status).toBe(0);
    expect(readdirSync(join(dir, "instances")).sort()).toEqual(NAMES.map((name) => `${name}.json`));
    for (const name of NAMES) expect(JSON.parse(readFileSync(join(dir, "instances", `${name}.json`), "utf8")), name).toEqual(JSON.parse(sample.replace("sms-alpha", `sms-${name}`)));

    const walk = steps(blocks(WALK, "console"));
    expect(walk.length).toBeGreaterThanOrEqual(10);
    for (const step of walk) {
      const script = `${exports.join("\n")}\n{ ${local(step.command)}\n} 2>&1`;
      const run = spawnSync("bash", ["-o", "pipefail", "-c", script], { cwd: dir, env, encoding: "utf8" });
      expect(run.stdout, `$ ${step.command}`).toMatch(shown(step.expected.map(local)));
    }
    rmSync(dir, { recursive: true, force: true });
  });
});
