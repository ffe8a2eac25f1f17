// Property tests of the hostile pass: secrets holding quotes, backslashes and control characters
// never appear in any representation of a result or an error; configuration keys named like
// Object.prototype's members are ordinary keys in a file and in --config; and whatever text
// reaches the terminal carries no control or bidirectional character.
import { PassThrough } from "node:stream";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../src/errors.ts";
import { parseInstanceDocument } from "../src/instance/document.ts";
import { resolveInstance } from "../src/instance/resolve.ts";
import { forgetSecrets, registerSecret } from "../src/secrets.ts";
import { writeError, writeResult, type OutputMode } from "../src/ui/output.ts";
import { printable } from "../src/ui/printable.ts";
import { createStyle } from "../src/ui/style.ts";
import { runInProcess, tempConfigDir } from "./helpers/run.ts";

afterEach(() => forgetSecrets());

const PROTO_KEYS = ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "__defineGetter__"];
/** Characters that make escaping matter: quotes, backslashes, C0 and C1 controls, bidi overrides, astral ones. */
const NASTY = fc.constantFrom('"', "\\", "\n", "\r", "\t", "\u0000", "\u0001", "\u001b", "\u007f", "\u0085", "\u202e", "\u2028", "/", "'", "😀", "é");
const secretText = fc.array(fc.oneof(NASTY, fc.string({ minLength: 1, maxLength: 3 })), { minLength: 2, maxLength: 12 }).map((parts) => `s3cr${parts.join("")}t`);

/** Every form a secret could take in our output: raw, JSON-escaped, JSON-escaped twice, and with its controls shown escaped. */
function forms(secret: string): string[] {
  const once = JSON.stringify(secret).slice(1, -1);
  return [secret, once, JSON.stringify(once).slice(1, -1), printable(secret), printable(once)];
}

function capture(): { io: { stdout: PassThrough; stderr: PassThrough }; text: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return { io: { stdout, stderr }, text: () => out };
}

const modes: OutputMode[] = [true, false].flatMap((json) => [true, false].map((color) => ({ json, verbose: true, style: createStyle(color), errStyle: createStyle(color) })));

describe("fuzz: secrets with quotes, backslashes and control characters", () => {
  it("never appear in a result or an error, as JSON or text, nested or quoted inside a message", () => {
    fc.assert(
      fc.property(secretText, fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (secret, before, after) => {
        registerSecret(secret);
        const inside = `${before}${secret}${after}`;
        for (const mode of modes) {
          const result = capture();
          writeResult(
            { data: { value: inside, nested: { list: [inside, { [inside]: 1 }] }, quoted: JSON.stringify({ inside }) }, warnings: [inside], text: () => `value ${inside} ${JSON.stringify(inside)}` },
            mode,
            result.io,
          );
          const failure = capture();
          writeError(new ConfigError(`bad ${inside}: ${JSON.stringify({ body: inside })}`, [{ key: "k", problem: "invalid", message: inside }], inside), mode, failure.io);
          for (const shown of [result.text(), failure.text()]) for (const form of forms(secret)) expect(shown).not.toContain(form);
        }
        forgetSecrets();
      }),
      { numRuns: 150 },
    );
  });

  it("--json output stays one valid JSON document whatever it holds", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (value) => {
        const result = capture();
        writeResult({ data: { value, [value]: value }, text: () => value }, modes[0] as OutputMode, result.io);
        const doc = JSON.parse(result.text()) as Record<string, unknown>;
        expect(doc.value).toBe(value); // the escapes of bidi and C1 characters are JSON's own: read back exactly
      }),
      { numRuns: 200 },
    );
  });
});

describe("fuzz: control characters shown escaped", () => {
  it("printable leaves no control or bidirectional character but line breaks and tabs, and keeps only our own style codes", () => {
    fc.assert(
      // The property is about control characters: the patterns must name them.
      /* eslint-disable no-control-regex */
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), fc.boolean(), (text, keepStyles) => {
        const shown = printable(text, keepStyles);
        const withoutStyles = keepStyles ? shown.replace(/\u001b\[(?:0|1|2|3|4|22|23|24|3[0-79]|4[0-79]|9[0-7])m/g, "") : shown;
        expect(withoutStyles).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      }),
      /* eslint-enable no-control-regex */
      { numRuns: 300 },
    );
  });
});

describe("fuzz: prototype keys", () => {
  const key = fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ minLength: 1, maxLength: 12 }));
  const value = fc.string({ minLength: 1, maxLength: 12 }).filter((v) => v.trim() !== "" && !v.includes("${"));

  it("keys named like Object.prototype's members, in a file and in --config, are resolved as ordinary entries", () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 6 }), fc.array(fc.tuple(key, value), { maxLength: 4 }), (fileConfig, flags) => {
        const configuration = Object.entries(fileConfig)
          .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
          .join(",");
        const document = parseInstanceDocument(`{"name":"n","configuration":{${configuration}}}`, "fuzz.json");
        const resolved = resolveInstance({ document, entryFlags: {}, config: flags.map(([k, v]) => `${k}=${v}`), env: { PATH: "x" } });
        const sent = resolved.body.configuration;
        const expected = new Map<string, string>(
          Object.entries(fileConfig)
            .filter(([k]) => k.trim() !== "" && !k.includes("="))
            .map(([k, v]) => [k, v.trim()]),
        );
        for (const [k, v] of flags) if (k.trim() !== "" && !k.includes("=")) expected.set(k.trim(), v.trim());
        for (const [k, v] of expected) {
          if (!Object.hasOwn(sent, k)) continue; // a declared entry may refuse the value; it is never inherited
          expect(typeof sent[k], k).toBe("string");
          if (!k.startsWith("messaging.")) expect(sent[k], k).toBe(v);
        }
        for (const k of PROTO_KEYS) if (!expected.has(k)) expect(Object.hasOwn(sent, k), k).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("validate never crashes on them (exit 3, never 1), whatever a ${...} reference names", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PROTO_KEYS), fc.constantFrom(...PROTO_KEYS), async (entry, reference) => {
        const run = await runInProcess(
          ["validate", "--name", "n", "--config", `${entry}=x`, "--file", "-", "--json"],
          { CONNECTOR_CONFIG_DIR: tempConfigDir() },
          JSON.stringify({ configuration: { [`${entry}2`]: `\${${reference}}` } }),
        );
        expect(run.code, run.stdout).toBe(3);
        expect(run.stdout).not.toMatch(/Unexpected error|is not a function|\[object Object\]/);
      }),
      { numRuns: 30 },
    );
  });
});
