// @module-tag slow: every shell example of the README and docs/*.md run in bash, page by page (npm test leaves it out; npm run test:all runs it)
// Every `sh` block and every `$ ` line of a `console` block of README.md and docs/*.md, run as
// written and in order, one bash per page, like a reader trying a page in one terminal: in a fresh
// directory holding what a clone has (instance.example.json, examples/, schema/), with a temporary
// HOME and CONNECTOR_CONFIG_DIR, the built binary as `connector` on PATH (a symlink in a temp bin
// dir) and as node_modules/.bin/connector (what npm install -D makes). A page that starts no
// emulator of its own starts where the README's walk leaves a reader: an emulator, its variables
// exported and instance.example.json provisioned, and a second instance too, since pages are read
// in any order and a reader who did another walk first has several stored. The emulator's fixed port 8787 is a free one.
// Each command must end with exit 0, or the code the page shows for it (`# exit N`, `$ echo $?`),
// and print no stack trace. Blocks that
// cannot run here carry `<!-- not run: <reason> -->`; a command that names a host off this machine
// must be in one of them. Only the exit codes are checked: what the walks print is compared by
// tests/plan-apply-docs.test.ts and tests/preflight-docs.test.ts.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commandsOf, type DocCommand } from "./helpers/doc-blocks.ts";
import { BIN } from "./helpers/run.ts";
import { freePort } from "./helpers/doc-walk.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const PAGES = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`),
];
const MISSING = ["curl", "jq"].filter((tool) => spawnSync(tool, ["--version"]).status !== 0);
/** Where a page that starts no emulator begins: the state the README's walk leaves, and one more instance. */
const README_STATE = [
  "connector emulator --port $PLATFORM_PORT &",
  "export CONNECTOR_BASE_URL=http://127.0.0.1:$PLATFORM_PORT/elements/api-v2 CONNECTOR_USER_SECRET=my-user-secret CONNECTOR_ORG_SECRET=my-org-secret",
  "connector provision --file instance.example.json",
  "connector provision --file instance.example.json --name acme-alerts",
];
const STARTS_EMULATOR = /\bconnector emulator\b.*&\s*(#.*)?$/;

/** The page's emulator port instead of 8787, and a port for an emulator started without one. */
function local(text: string, port: number): string {
  const result = text.replaceAll("127.0.0.1:8787", `127.0.0.1:${port}`).replaceAll("--port 8787", `--port ${port}`);
  return /\bconnector emulator\b/.test(result) && !/--port\b/.test(result) ? result.replace("connector emulator", `connector emulator --port ${port}`) : result;
}

/** One step of the page's script: the command, its output in a log file, its exit code checked. */
function step(index: number, command: string, exit: number): string {
  const port = /\bconnector emulator\b.*--port (\d{2,})/.exec(command)?.[1];
  const wait = port ? `\n__wait_port ${port}` : "";
  if (port && !STARTS_EMULATOR.test(command)) {
    // An emulator in the foreground runs until stopped: stopping it is its normal end.
    return `{ ${command} &\n__bg=$!; __wait_port ${port}; sleep 0.5; kill -INT $__bg; wait $__bg\n} >"$__log/${index}" 2>&1 </dev/null\n__check ${index} $? ${exit}\n`;
  }
  return `{ ${command}\n} >"$__log/${index}" 2>&1 </dev/null\n__check ${index} $? ${exit}${wait}\n`;
}

const PRELUDE = `__check() { [ "$2" = "$3" ] || { echo "__FAILED $1 $2"; kill $(jobs -p) 2>/dev/null; exit 99; }; }
__wait_port() { for __i in $(seq 150); do (echo > /dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "__NO_PORT $1"; }
`;

let ran = 0;
const notRun: string[] = [];

describe.skipIf(MISSING.length > 0)(`every shell example of the README and docs/ works as written${MISSING.length ? ` (skipped: ${MISSING.join(", ")} not installed)` : ""}`, () => {
  it.each(PAGES)("%s", async (page) => {
    const { commands, skipped } = commandsOf(readFileSync(join(ROOT, page), "utf8"));
    for (const block of skipped) notRun.push(`${page}:${block.block}: ${block.reason}`);
    if (commands.length === 0) return;
    const [platformPort, pagePort] = [await freePort(), await freePort()];
    for (const command of commands) {
      const hosts = [...command.text.matchAll(/https?:\/\/([^/\s"':]+)/g)].map((m) => m[1]).filter((host) => host !== "127.0.0.1");
      expect(hosts, `${page}:${command.line} names a host off this machine; mark its block <!-- not run: reason -->\n${command.text}`).toEqual([]);
    }
    const prepared: DocCommand[] = commands.some((command) => STARTS_EMULATOR.test(command.text))
      ? []
      : README_STATE.map((text) => ({ line: 0, block: 0, text: text.replaceAll("$PLATFORM_PORT", String(platformPort)), exit: 0 }));
    const steps = [...prepared, ...commands.map((command) => ({ ...command, text: local(command.text, pagePort) }))];

    const dir = mkdtempSync(join(tmpdir(), "connector-docs-"));
    for (const sub of ["bin", "tmp", "log", "node_modules/.bin"]) mkdirSync(join(dir, sub), { recursive: true });
    symlinkSync(BIN, join(dir, "bin", "connector"));
    symlinkSync(BIN, join(dir, "node_modules", ".bin", "connector"));
    for (const shipped of ["instance.example.json", "examples", "schema"]) cpSync(join(ROOT, shipped), join(dir, shipped), { recursive: true });
    const script = `${PRELUDE}__log=${JSON.stringify(join(dir, "log"))}\n${steps.map((s, i) => step(i, s.text, s.exit)).join("")}kill $(jobs -p) 2>/dev/null; wait\n`;
    const env = { PATH: `${join(dir, "bin")}:${process.env.PATH ?? ""}`, HOME: dir, TMPDIR: join(dir, "tmp"), LANG: "C.UTF-8", CONNECTOR_CONFIG_DIR: join(dir, "config") };
    const run = spawnSync("bash", ["-o", "pipefail", "-c", script], { cwd: dir, env, encoding: "utf8", timeout: 120_000 });

    const failed = /__FAILED (\d+) (\d+)/.exec(run.stdout);
    const at = failed ? steps[Number(failed[1])] : undefined;
    const where = at ? (at.line === 0 ? `${page}, preparing the README's state: ${at.text}` : `${page}, block at line ${at.block}, line ${at.line}: ${at.text}`) : page;
    const log = failed ? readFileSync(join(dir, "log", failed[1] ?? ""), "utf8") : run.stderr;
    expect(failed, `${where}\nexited ${failed?.[2]}, the page shows ${at?.exit ?? 0}; it printed:\n${log}`).toBeNull();
    expect(run.stdout, `${page}: an emulator did not start`).not.toContain("__NO_PORT");
    expect(run.status, `${page}: the script ended with ${run.status} ${run.signal ?? ""}\n${run.stdout}\n${run.stderr}`).toBe(0);
    for (const [index, s] of steps.entries()) {
      const printed = readFileSync(join(dir, "log", String(index)), "utf8");
      expect(printed, `${page}:${s.line}: ${s.text} printed a stack trace`).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n|node:internal/);
    }
    ran += commands.length;
    rmSync(dir, { recursive: true, force: true });
  });

  it("ran the examples, and says which blocks were not run and why", () => {
    console.log(`ran ${ran} commands; ${notRun.length} blocks not run:\n${notRun.join("\n")}`);
    expect(ran).toBeGreaterThan(40);
    expect(notRun.every((line) => line.split(": ").at(-1)?.trim())).toBe(true);
  });
});
