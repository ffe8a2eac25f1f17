// Reading and parsing instance.json: a missing, unreadable, huge or binary file is refused
// clearly; a syntax error names its line and column; every type problem is reported at once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../src/errors.ts";
import { MAX_INSTANCE_FILE_BYTES, parseInstanceDocument, readInstanceFile } from "../src/instance/document.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "connector-instance-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const noStdin = Readable.from([]);

async function readError(file: string, stdin: NodeJS.ReadableStream = noStdin): Promise<ConfigError> {
  const error: unknown = await readInstanceFile(file, stdin).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

function parseError(text: string): ConfigError {
  try {
    parseInstanceDocument(text, "instance.json");
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("validate --file <path>|- reads the file or stdin", () => {
  it("reads a UTF-8 file and names it as the source, without its byte-order mark", async () => {
    const file = write("bom.json", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"é"}')]));
    expect(await readInstanceFile(file, noStdin)).toEqual({ text: '{"name":"é"}', source: file });
  });

  it("reads stdin for -", async () => {
    const stdin = Readable.from([Buffer.from('{"name":'), Buffer.from('"x"}')]);
    expect(await readInstanceFile("-", stdin)).toEqual({ text: '{"name":"x"}', source: "stdin" });
  });

  it("reports a missing file as missing, naming the path and --file", async () => {
    const error = await readError(path.join(dir, "nope.json"));
    expect(error.code).toBe("missing_config");
    expect(error.problems).toEqual([expect.objectContaining({ key: "file", problem: "missing", flag: "--file" })]);
    expect(error.message).toContain(path.join(dir, "nope.json"));
    expect(error.message).toContain("connector init");
  });

  it("refuses a directory clearly", async () => {
    const error = await readError(dir);
    expect(error.code).toBe("invalid_config");
    expect(error.message).toContain("is a directory");
  });

  it.skipIf(process.getuid?.() === 0)("refuses an unreadable file, saying permission denied", async () => {
    const file = write("locked.json", "{}");
    fs.chmodSync(file, 0o000);
    expect((await readError(file)).message).toContain("permission denied");
  });

  it("refuses a file over 10 MiB", async () => {
    const file = write("huge.json", Buffer.alloc(MAX_INSTANCE_FILE_BYTES + 1, 0x20));
    expect((await readError(file)).message).toContain("larger than 10 MiB");
  });

  it("refuses stdin over 10 MiB", async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const error = await readError("-", Readable.from(Array.from({ length: 11 }, () => chunk)));
    expect(error.message).toContain("stdin is larger than 10 MiB");
  });

  it("refuses binary data", async () => {
    const file = write("binary.json", Buffer.from([0x7b, 0x00, 0x01, 0x7d]));
    expect((await readError(file)).message).toContain("binary data");
  });

  it("refuses invalid UTF-8", async () => {
    const file = write("latin1.json", Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    expect((await readError(file)).message).toContain("not valid UTF-8");
  });

  it("refuses UTF-16, saying to save as UTF-8", async () => {
    const file = write("utf16.json", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("{}", "utf16le")]));
    expect((await readError(file)).message).toContain("UTF-16");
  });
});

describe("a syntax error names its line and column", () => {
  it.each([
    ['{\n  "name": "a",\n  "tags": ["x",]\n}', 3, 15, "trailing comma"],
    ['{\n  "name": "a"\n  "tags": []\n}', 3, 3, 'expected "," or "}"'],
    ["{\n  name: 1\n}", 2, 3, "property name in double quotes"],
    ["{\n  // comment\n}", 2, 3, "comments"],
    ["{\"name\": 'a'}", 1, 10, "double quotes"],
    ['{"name": "a', 1, 10, "unterminated string"],
    ['{"name": "a"', 1, 13, "the end of the input"],
    ['{"a": 1} x', 1, 10, "nothing after the end"],
    ['{"a": tru}', 1, 7, "expected a value"],
  ])("reports %j at line %i, column %i", (text, line, column, reason) => {
    const error = parseError(text);
    expect(error.message).toContain(`line ${line}, column ${column}`);
    expect(error.message).toContain(reason);
    expect(error.problems).toEqual([expect.objectContaining({ key: "file", problem: "invalid" })]);
    expect(error.code).toBe("invalid_config");
  });

  it("says an empty file is empty", () => {
    expect(parseError(" \n").message).toContain("it is empty");
  });

  it.each(["[]", '"x"', "null", "42"])("refuses a document that is not an object: %s", (text) => {
    expect(parseError(text).message).toContain("expected a JSON object");
  });
});

describe("types in the file are checked, every problem at once", () => {
  it("reports each wrongly typed field with its key", () => {
    const error = parseError(
      JSON.stringify({
        $schema: 1,
        element: { key: 7 },
        name: ["a"],
        tags: ["ok", 3, null],
        configuration: { "messaging.sms.twilio.sender": { a: 1 }, "messaging.sms.twilio.account": null },
        templates: {},
      }),
    );
    expect(error.problems.map((p) => p.key)).toEqual(["$schema", "element.key", "name", "tags[1]", "tags[2]", "messaging.sms.twilio.sender", "messaging.sms.twilio.account", "templates"]);
    expect(error.problems.every((p) => p.problem === "invalid")).toBe(true);
    expect(error.message).toContain("8 problems");
    expect(error.problems[3]?.message).toBe("Invalid tags[1] in instance.json: expected a string, got a number.");
  });

  it.each([
    [{ element: "twilio" }, "element"],
    [{ tags: "prod" }, "tags"],
    [{ configuration: [] }, "configuration"],
  ])("refuses %j", (document, key) => {
    expect(parseError(JSON.stringify(document)).problems.map((p) => p.key)).toEqual([key]);
  });

  it("turns numbers and booleans into strings and keeps every other field", () => {
    const document = parseInstanceDocument(
      JSON.stringify({
        $schema: "./schema/instance.schema.json",
        element: { key: "twilio" },
        name: "n",
        tags: ["a"],
        configuration: { "x.count": 12345, "x.flag": true, "x.text": "${A}" },
        templates: [{ usageType: "Generic", content: "{{code}}" }],
      }),
      "instance.json",
    );
    expect(document).toEqual({
      $schema: "./schema/instance.schema.json",
      element: { key: "twilio" },
      name: "n",
      tags: ["a"],
      configuration: { "x.count": "12345", "x.flag": "true", "x.text": "${A}" },
      templates: [{ usageType: "Generic", content: "{{code}}" }],
    });
  });

  it("lists unknown top-level fields as ignored rather than failing", () => {
    const document = parseInstanceDocument('{"name": "n", "configuraton": {}, "notes": "x"}', "instance.json");
    expect(document.ignoredFields).toEqual(["configuraton", "notes"]);
    expect(document.configuration).toEqual({});
  });
});
