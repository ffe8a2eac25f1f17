// Hostile text in a GitHub Actions job: a secret referred to by a name (`${CONNECTOR_FINGERPRINT_KEY}`)
// is masked wherever the name is shown; a name with line breaks cannot forge a workflow command
// in the log; a platform instance's name cannot render a link, an image or bold in the step
// summary; and every table and output is capped to GitHub's limits.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runInProcess, type RunResult } from "./helpers/run.ts";
import { ACCOUNT_SID, AUTH_TOKEN, ORG_SECRET, USER_SECRET, usePlatform } from "./helpers/platform.ts";
import { instanceDoc, writeDir } from "./helpers/batch.ts";
import { forgetSecrets } from "../src/secrets.ts";
import fc from "fast-check";
import { capList, capRows, logSafe, MAX_LIST_BYTES, MAX_TABLE_BYTES, markdownCell, problemAnnotation, writeGithubOutputs } from "../src/ui/github.ts";
import { printable } from "../src/ui/printable.ts";

const platform = usePlatform();
beforeEach(() => forgetSecrets()); // each run starts with no secret registered, as a new process does

function actionsEnv(extra: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), "connector-gha-"));
  const files = { GITHUB_STEP_SUMMARY: join(dir, "summary.md"), GITHUB_OUTPUT: join(dir, "output.txt") };
  writeFileSync(files.GITHUB_STEP_SUMMARY, "");
  writeFileSync(files.GITHUB_OUTPUT, "");
  return { ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN, GITHUB_ACTIONS: "true", CI: "true", ...files, ...extra };
}

/** Every line of the log (stdout and stderr) that the runner would read as a workflow command. */
function commandLines(...runs: RunResult[]): string[] {
  return runs.flatMap((run) => `${run.stdout}\n${run.stderr}`.split(/\r?\n/)).filter((line) => line.trimStart().startsWith("::"));
}

describe("a secret referred to by ${NAME} is masked wherever it is shown", () => {
  const KEY = "fpkey-Zq81-do-not-print-me";
  const HEAD = "5f4dcc3b5aa765d6";

  it("CONNECTOR_FINGERPRINT_KEY in a name and a tag, and a part of a secret entry in a name: text, --json, summary, outputs and plan --out", async () => {
    const dir = writeDir({
      "a.json": instanceDoc(`pr-\${CONNECTOR_FINGERPRINT_KEY}`, { tags: ["batch-test", "${CONNECTOR_FINGERPRINT_KEY}"] }),
      "b.json": instanceDoc("part-${TOKEN_HEAD}", {}, { "messaging.sms.twilio.token": "${TOKEN_HEAD}${TOKEN_TAIL}" }),
    });
    const out = join(mkdtempSync(join(tmpdir(), "connector-plan-")), "plan.json");
    const env = actionsEnv({ CONNECTOR_FINGERPRINT_KEY: KEY, TOKEN_HEAD: HEAD, TOKEN_TAIL: AUTH_TOKEN.slice(HEAD.length) });
    const runs = [
      await runInProcess(["validate", "--file", join(dir, "a.json")], env),
      await runInProcess(["plan", "--file", dir], env),
      await runInProcess(["plan", "--file", dir, "--json", "--github-output", "--out", out], env),
    ];
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(runs[1]?.stdout).toContain("pr-********");
    const written = [...runs.map((run) => run.stdout + run.stderr), readFileSync(env.GITHUB_STEP_SUMMARY, "utf8"), readFileSync(env.GITHUB_OUTPUT, "utf8"), readFileSync(out, "utf8")].join("\n");
    expect(written).not.toContain(KEY);
    expect(written).not.toContain(HEAD);
  });
});

describe("a name with line breaks cannot forge a workflow command", () => {
  const HOSTILE = "pr-name\n::error file=README.md,line=1::Tests failed\n::add-mask::Plan";

  it("in a file it is refused (exit 3, the name shown escaped on one line); no line of the log but connector's own annotation begins with ::", async () => {
    const dir = writeDir({ "a.json": instanceDoc(HOSTILE) });
    const env = actionsEnv();
    const validate = await runInProcess(["validate", "--file", join(dir, "a.json")], env);
    const plan = await runInProcess(["plan", "--file", dir, "--github-output"], env);
    for (const run of [validate, plan]) {
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toContain('Invalid name "pr-name\\n::error file=README.md,line=1::Tests failed\\n::add-m…" (from the file): it holds a line break');
    }
    const lines = commandLines(validate, plan);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(new RegExp(`^::error file=${join(dir, "a.json").replace(/[/.]/g, "\\$&")},line=5,col=3::Invalid name`));
  });
});

describe("the log's guard", () => {
  it("no line of any text, once guarded and made printable, begins a workflow command; connector's own commands pass as they are", () => {
    const pieces = fc.constantFrom("::", ":", "\n", "\r\n", "\r", " ", "\t", "\u00a0", "\u2028", "\u0085", "\ufeff", "error", "add-mask::x", "a");
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join("")),
        (text) => {
          // The runner reads a line to \n (a \r before it dropped) and trims blanks before looking for ::.
          for (const line of printable(logSafe(text)).split("\n")) expect(line.replace(/\r$/, "").trimStart().startsWith("::"), JSON.stringify(text)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
    const own = problemAnnotation({ key: "name", problem: "invalid", message: "bad\n::x", file: "a.json", line: 1, column: 2 });
    expect(logSafe(own)).toBe(own);
    expect(logSafe("::error::not made by connector")).toBe("\\u003a:error::not made by connector");
  });
});

describe("a platform instance's name in the step summary, the outputs and the log", () => {
  const HOSTILE = "old\n::warning title=x::Deploy approved\n**Approved** [re-run](https://evil.example) ![x](https://evil.example/p.png) `code` | cell www.evil.example";

  // The platform strips markup (<...>) from names; the cell escapes < and > all the same (below).
  it("renders no link, image, bold or HTML; the names output is one line; no line of the log begins with ::", async () => {
    const headers = { Authorization: `User ${USER_SECRET}, Organization ${ORG_SECRET}`, "Content-Type": "application/json" };
    const configuration = { "messaging.sms.twilio.account": ACCOUNT_SID, "messaging.sms.twilio.token": AUTH_TOKEN, "messaging.sms.twilio.sender": "+15005550006" };
    const body = JSON.stringify({ element: { key: "twilio" }, name: HOSTILE, tags: ["hostile-prune"], configuration });
    expect((await fetch(`${platform.emulator.url}/instances`, { method: "POST", headers, body })).status).toBe(200);
    const dir = writeDir({ "a.json": instanceDoc("kept", { tags: ["hostile-prune"] }) });
    const env = actionsEnv();
    const plan = await runInProcess(["plan", "--file", dir, "--prune", "hostile-prune", "--github-output"], env);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("old");
    expect(commandLines(plan)).toEqual([]);

    const summary = readFileSync(env.GITHUB_STEP_SUMMARY, "utf8");
    const row = summary.split("\n").find((line) => line.includes("delete")) ?? "";
    expect(row).toContain(
      "old \\:\\:warning title=x\\:\\:Deploy approved \\*\\*Approved\\*\\* \\[re-run\\](https\\://evil.example) \\!\\[x\\](https\\://evil.example/p.png) \\`code\\` \\| cell www\\.evil.example",
    );
    expect(row.split(/(?<!\\)\|/)).toHaveLength(7); // six cells, the name's | escaped
    for (const raw of ["[re-run](", "![x](", "**Approved**", "https://"]) expect(summary).not.toContain(raw);

    const outputs = readFileSync(env.GITHUB_OUTPUT, "utf8");
    const names = /^names=(.*)$/m.exec(outputs)?.[1] ?? "";
    expect(JSON.parse(names)).toContain(HOSTILE);
    expect(outputs).not.toMatch(/^::/m);
  });

  it("a batch provision's summary escapes a cell the same way", () => {
    expect(markdownCell("a_b*c [x](y) ![i](j) <b> `t` | \\ ~s~ &amp; #1 user@host")).toBe("a\\_b\\*c \\[x\\](y) \\!\\[i\\](j) \\<b\\> \\`t\\` \\| \\\\ \\~s\\~ \\&amp; \\#1 user\\@host");
  });
});

describe("every table and output is capped", () => {
  it("a plan of 600 files lists 500 rows and says the rest are not listed; names and ids at most 500", async () => {
    const files: Record<string, unknown> = {};
    for (let i = 0; i < 600; i++) files[`i${i}.json`] = instanceDoc(`cap-${i}`);
    const env = actionsEnv();
    const plan = await runInProcess(["plan", "--file", writeDir(files), "--github-output"], env);
    expect(plan.code, plan.stderr).toBe(0);
    const summary = readFileSync(env.GITHUB_STEP_SUMMARY, "utf8");
    expect(summary.split("\n").filter((line) => line.startsWith("| `+` create"))).toHaveLength(500);
    expect(summary).toContain("100 more changes are not listed: a table shows at most 500 rows");
    expect(summary).toContain("Plan: 600 to create");
    const outputs = readFileSync(env.GITHUB_OUTPUT, "utf8");
    expect(JSON.parse(/^names=(.*)$/m.exec(outputs)?.[1] ?? "")).toHaveLength(500);
  });

  it("any other output is cut too: a name of a megabyte", () => {
    const env = actionsEnv();
    writeGithubOutputs(env, { name: "n".repeat(1 << 20) });
    expect(readFileSync(env.GITHUB_OUTPUT, "utf8").length).toBeLessThan(MAX_TABLE_BYTES + 17 * 1024);
  });

  it("rows and lists are cut by bytes as well as by count", () => {
    const long = "x".repeat(10_000);
    const rows = capRows(Array.from({ length: 100 }, () => long));
    expect(rows.rows.length).toBe(Math.floor(MAX_TABLE_BYTES / 10_001));
    expect(rows.left).toBe(100 - rows.rows.length);
    expect(JSON.stringify(capList(Array.from({ length: 100 }, () => long))).length).toBeLessThanOrEqual(MAX_LIST_BYTES);
    expect(markdownCell(long).length).toBeLessThanOrEqual(300);
  });
});
