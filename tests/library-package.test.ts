// The library as a fresh project meets it: the built package (dist/) installed under
// node_modules/open-connectors-sms of a temporary project, its types compiled by TypeScript with
// and without @types/node (moduleResolution nodenext and bundler), and required from CommonJS.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, copyFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = new URL("..", import.meta.url).pathname;
const project = mkdtempSync(join(tmpdir(), "connector-library-"));
mkdirSync(join(project, "node_modules", "@types"), { recursive: true });
// The package's own folder (package.json and dist/, as built by the global set-up), seen through a link as npm links a workspace.
symlinkSync(ROOT, join(project, "node_modules", "open-connectors-sms"), "dir");
copyFileSync(new URL("fixtures/library-consumer/consumer.ts", import.meta.url), join(project, "consumer.ts"));
writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));

/** tsc's diagnostics for the consumer, as text; empty when it compiles. */
function compile(resolution: "nodenext" | "bundler", withNodeTypes: boolean): string {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    target: ts.ScriptTarget.ES2022,
    module: resolution === "nodenext" ? ts.ModuleKind.NodeNext : ts.ModuleKind.ESNext,
    moduleResolution: resolution === "nodenext" ? ts.ModuleResolutionKind.NodeNext : ts.ModuleResolutionKind.Bundler,
    types: withNodeTypes ? ["node"] : [],
    typeRoots: withNodeTypes ? [join(ROOT, "node_modules", "@types")] : [join(project, "node_modules", "@types")],
  };
  const program = ts.createProgram([join(project, "consumer.ts")], options);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return diagnostics.map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`).join("\n");
}

describe("the published types", { tags: ["slow"] }, () => {
  for (const resolution of ["nodenext", "bundler"] as const) {
    it(`compile for a consumer without @types/node (moduleResolution ${resolution}), and state what each call returns`, () => {
      expect(compile(resolution, false)).toBe("");
    });
    it(`compile for a consumer with @types/node (moduleResolution ${resolution})`, () => {
      expect(compile(resolution, true)).toBe("");
    });
  }
});

describe("CommonJS", { tags: ["slow"] }, () => {
  it('require("open-connectors-sms") from a .cjs file gives the functions and error classes (require(esm), Node >= 20.19)', async () => {
    const script = join(project, "consumer.cjs");
    writeFileSync(
      script,
      `const lib = require("open-connectors-sms");
process.stdout.write(JSON.stringify({ provision: typeof lib.provision, send: typeof lib.send, notStored: lib.exitCodeOf(new lib.NotStoredError("x", 1)), usage: new lib.UsageError("u") instanceof lib.CliError }));`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, [script], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({ provision: "function", send: "function", notStored: 9, usage: true });
  });
});
