// "Bad input": whatever instance.json holds, `validate` (and `provision --dry-run`)
// end in exit 0 or in exit 3 with problems that name their field, never exit 1 or a stack
// trace: arbitrary JSON, near-valid documents with one field replaced, random text and
// bytes, and the classic traps: 50 MB, deep nesting, UTF-16, Latin-1, NUL bytes.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runInProcess, type RunResult } from "./helpers/run.ts";

const VALID = JSON.parse(
  JSON.stringify({
    element: { key: "twilio" },
    name: "fuzzed",
    tags: ["prod"],
    configuration: {
      "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef",
      "messaging.sms.twilio.token": "5f4dcc3b5aa765d61d8327deb882cf99",
      "messaging.sms.twilio.sender": "+15005550006",
    },
    templates: [{ usageType: "SignIn", content: "Code {{code}}" }],
  }),
) as Record<string, unknown>;

// Never the real platform: nothing here may leave the machine.
const ENV = { CONNECTOR_BASE_URL: "http://127.0.0.1:9/elements/api-v2", CONNECTOR_CONFIG_DIR: join(mkdtempSync(join(tmpdir(), "connector-fuzz-")), "config") };
const dir = mkdtempSync(join(tmpdir(), "connector-fuzz-files-"));

interface Outcome {
  code: number;
  keys: string[];
  run: RunResult;
}

/** Checks the contract's promise for one run and returns what it reported. */
function judge(run: RunResult): Outcome {
  expect([0, 2, 3], `exit ${run.code}\n${run.stdout}\n${run.stderr}`).toContain(run.code);
  expect(run.stderr).not.toMatch(/\n\s+at |Unexpected error/);
  const lines = run.stdout.trim().split("\n");
  expect(lines).toHaveLength(1);
  const doc = JSON.parse(lines[0] ?? "") as { ok: boolean; error?: { code: string; message: string; problems?: { key: string; message: string }[] } };
  expect(doc.ok).toBe(run.code === 0);
  const problems = doc.error?.problems ?? [];
  if (run.code === 3) {
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem.key).toMatch(/\S/);
      expect(problem.message).toMatch(/\S/);
    }
  }
  if (run.code === 2) expect(doc.error?.message).toMatch(/\S/);
  return { code: run.code, keys: problems.map((p) => p.key), run };
}

const validate = (input: string | Buffer, extra: string[] = []) => {
  const path = join(dir, `f-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, input);
  return runInProcess(["validate", "--file", path, "--json", ...extra], ENV);
};

const FIELDS = ["element", "name", "tags", "configuration", "templates", "$schema"] as const;

describe("fuzzing instance.json", () => {
  it("arbitrary JSON values: exit 0 or 3, every problem naming its field", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => void judge(await validate(JSON.stringify(value)))),
      { numRuns: 120 },
    );
  });

  it("a valid document with one field replaced by anything: a failure names that field (or an entry under it)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 3 }), async (field, value) => {
        const outcome = judge(await validate(JSON.stringify({ ...VALID, [field]: value })));
        if (outcome.code !== 3) return;
        const entries = field === "configuration" && value && typeof value === "object" ? Object.keys(value) : [];
        // The field itself, a part of it, or what replacing it took away (entries, the name).
        const related = (key: string) => key === field || key.startsWith(`${field}.`) || key.startsWith(`${field}[`) || entries.includes(key) || key.startsWith("messaging.") || key === "name";
        expect(outcome.keys.every(related), `${field}: ${outcome.keys.join(", ")}`).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("configuration values of any JSON type: exit 0 or 3 naming the entry", async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }), async (configuration) => {
        const outcome = judge(await validate(JSON.stringify({ ...VALID, configuration: { ...(VALID.configuration as object), ...configuration } })));
        const named = (key: string) => key in configuration || key.startsWith("configuration[") || key.startsWith("messaging.");
        if (outcome.code === 3) for (const key of outcome.keys) expect(named(key), key).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("random text and random bytes: exit 3 naming the file, never a crash", { tags: ["slow"] }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 300 }), async (text) => void judge(await validate(text))),
      { numRuns: 80 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (bytes) => void judge(await validate(Buffer.from(bytes)))),
      { numRuns: 80 },
    );
  });

  it("the same documents through stdin and through provision --dry-run keep the promise", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 2 }), async (field, value) => {
        const text = JSON.stringify({ ...VALID, [field]: value });
        judge(await runInProcess(["validate", "--file", "-", "--json"], ENV, text));
        judge(await runInProcess(["provision", "--file", "-", "--dry-run", "--json", "--no-input"], { ...ENV, CONNECTOR_USER_SECRET: "u-secret", CONNECTOR_ORG_SECRET: "o-secret" }, text));
      }),
      { numRuns: 60 },
    );
  });
});

describe("hostile files", () => {
  const cases: [string, () => Buffer | string, RegExp][] = [
    ["a 50 MB file", () => Buffer.alloc(50 * 1024 * 1024, 0x20), /larger than/],
    ["binary junk", () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), /binary|UTF-8/],
    ["UTF-16 LE with a byte-order mark", () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(VALID), "utf16le")]), /UTF-16/],
    ["UTF-16 without a byte-order mark", () => Buffer.from(JSON.stringify(VALID), "utf16le"), /binary|UTF/],
    ["Latin-1 text", () => Buffer.from(JSON.stringify({ ...VALID, name: "café" }), "latin1"), /UTF-8/],
    ["200 000 nested arrays", () => `${"[".repeat(200_000)}${"]".repeat(200_000)}`, /expected a JSON object/],
    ["200 000 nested objects in a field", () => JSON.stringify({ ...VALID, tags: 0 }).replace('"tags":0', `"tags":${'{"a":'.repeat(200_000)}1${"}".repeat(200_000)}`), /tags/],
    ["a truncated document", () => JSON.stringify(VALID).slice(0, 60), /not valid JSON, line 1/],
  ];
  for (const [label, make, message] of cases) {
    it(`${label}: exit 3 with a clear message, no stack`, async () => {
      const outcome = judge(await validate(make()));
      expect(outcome.code).toBe(3);
      expect(outcome.run.stdout).toMatch(message);
    }, 30_000);
  }

  it("a 9 MB name, a 100 000-entry configuration: an answer, no crash", { tags: ["slow"], timeout: 30_000 }, async () => {
    judge(await validate(JSON.stringify({ ...VALID, name: "n".repeat(9 * 1024 * 1024) })));
    const many = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`custom.${i}`, i % 2 ? "x" : { bad: true }]));
    const outcome = judge(await validate(JSON.stringify({ ...VALID, configuration: { ...(VALID.configuration as object), ...many } })));
    expect(outcome.code).toBe(3);
    expect(outcome.keys).toContain("custom.0");
  });

  it("a 50 MB stream on stdin is refused without reading it all", async () => {
    const outcome = judge(await runInProcess(["validate", "--file", "-", "--json"], ENV, " ".repeat(50 * 1024 * 1024)));
    expect(outcome.keys).toEqual(["file"]);
  }, 30_000);
});
