// docs/preflight.md's walk, run as written: the emulator started by its own line (on a free
// port instead of 8787), its `export` lines, the sample instance.json, then every `$ ` line of
// its console blocks in order, through bash, from one directory, with the built binary as
// `connector`. What each prints (stdout and stderr, as a terminal shows them) must be what the
// docs show; a line `...` stands for any lines, and `...` inside a line for any text.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startCli, waitUntil, type RunningCli } from "./helpers/spawn-cli.ts";
import { blocks, connectorOnPath, freePort, walkSetup } from "./helpers/doc-walk.ts";

const DOC = readFileSync(new URL("../docs/preflight.md", import.meta.url), "utf8");
const START = DOC.indexOf("## A walk through it");
const EXAMPLES = new URL("../examples", import.meta.url).pathname;
const WALK = DOC.slice(START, DOC.indexOf("\n## ", START + 1) === -1 ? undefined : DOC.indexOf("\n## ", START + 1));

/** The `$ ` lines of console blocks and the lines shown after each. */
function steps(consoleBlocks: string[]): { command: string; expected: string[] }[] {
  const out: { command: string; expected: string[] }[] = [];
  for (const block of consoleBlocks) {
    for (const line of block.replace(/\n$/, "").split("\n")) {
      if (line.startsWith("$ ")) out.push({ command: line.slice(2), expected: [] });
      else out.at(-1)?.expected.push(line);
    }
  }
  return out;
}

/** A pattern for what a step shows: its lines literally; a line `...` any lines, `...` in a line any text. */
function shown(expected: string[]): RegExp {
  const literal = (line: string) => line.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replaceAll("\\.\\.\\.", "[^\\n]*?");
  const body = expected.map((line) => (line === "..." ? "(?:[^\\n]*\\n)*?" : `${literal(line)}\\n`)).join("");
  return new RegExp(`^${body}$`);
}

let emulator: RunningCli | undefined;
afterAll(async () => {
  emulator?.child.kill("SIGTERM");
  await emulator?.done;
});

describe("docs/preflight.md, run as written against the emulator", { tags: ["slow"] }, () => {
  it("every command of the walk prints what the docs show", async () => {
    const port = await freePort();
    const { local, start, exports, copies } = walkSetup(WALK, port);

    const dir = mkdtempSync(join(tmpdir(), "connector-preflight-walk-"));
    const bin = connectorOnPath(dir);
    // No CONNECTOR_CONFIG_DIR: the store goes where the docs say, ~/.config/connector, under this HOME.
    const env = { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: dir, TMPDIR: join(dir, "tmp"), LANG: "C.UTF-8" };

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

    const [sample = ""] = blocks(WALK, "json");
    cpSync(EXAMPLES, join(dir, "examples"), { recursive: true });
    expect(spawnSync("bash", ["-c", copies.join("\n")], { cwd: dir, env, encoding: "utf8" }).status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "instance.json"), "utf8"))).toEqual(JSON.parse(sample));

    const walk = steps(blocks(WALK, "console"));
    expect(walk.length).toBeGreaterThanOrEqual(6);
    for (const step of walk) {
      const script = `${exports.join("\n")}\n{ ${local(step.command)}\n} 2>&1`;
      const run = spawnSync("bash", ["-o", "pipefail", "-c", script], { cwd: dir, env, encoding: "utf8" });
      expect(run.stdout.replaceAll(dir, "~"), `$ ${step.command}`).toMatch(shown(step.expected.map(local)));
    }
    rmSync(dir, { recursive: true, force: true });
  });
});
