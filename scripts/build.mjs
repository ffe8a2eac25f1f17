// Bundles src/ and its dependencies into one CommonJS file, dist/connector.cjs, with esbuild.
// Beside it: dist/code-cache.cjs (src/startup/code-cache.ts, the loader bin/connector.js runs the
// program with), and dist/emulator.cjs, the part only `connector emulator` uses (a sixth of the
// program's own code), which the program loads through that loader when the command runs, so
// every other command reads and deserializes less. One file for the rest because Node loads CommonJS without its ES module loader (resolving, reading and
// linking each chunk cost more than compiling the code), and because one script can be given
// V8's code cache on every Node version (src/startup/code-cache.ts): a run then compiles almost nothing.
// Modules a command imports lazily stay lazy inside the bundle: their code is evaluated, and
// compiled, only when that command runs. Dependencies are bundled too: resolving and reading
// hundreds of files in node_modules cost more at start-up than compiling what is used (bench/).
import { build } from "esbuild";
import http2 from "node:http2";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const BUILD_ID_LENGTH = 16;

// `--outdir <dir>` builds elsewhere than dist/ (bench/run.mjs measures a private copy).
const outFlag = process.argv.indexOf("--outdir");
const outdir = outFlag === -1 ? fileURLToPath(new URL("../dist", import.meta.url)) : process.argv[outFlag + 1];
// Imports that commands would pay for at start-up and none uses: chalk's terminal detection
// (src/ui/style.ts always gives chalk an explicit level, so it is never consulted); commander's
// child_process (only for executable subcommands, which connector has none of); and undici's
// node:http2 (with tls behind it: about half a `node -e 0` for every network command), needed
// only for HTTP/2, which the client never enables. The last two are required on first use
// instead (http2's constants, which undici reads as it loads, are copied in now). The build
// fails if commander or undici changes those lines.
const startupDiet = {
  name: "startup-diet",
  setup(build) {
    build.onResolve({ filter: /^#supports-color$/ }, (args) => (/[\\/]node_modules[\\/]chalk[\\/]/.test(args.importer) ? { path: "supports-color", namespace: "startup-diet" } : undefined));
    build.onLoad({ filter: /.*/, namespace: "startup-diet" }, () => ({ contents: "export default { stdout: false, stderr: false };", loader: "js" }));
    build.onLoad({ filter: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const eager = "const childProcess = require('node:child_process');";
      const source = readFileSync(args.path, "utf8");
      if (!source.includes(eager)) throw new Error(`scripts/build.mjs: ${args.path} no longer has ${eager}; update the startup-diet plugin`);
      const lazy = "let loadedChildProcess; const childProcess = { spawn: (...spawnArgs) => (loadedChildProcess ??= require('node:child_process')).spawn(...spawnArgs) };";
      return { contents: source.replace(eager, lazy), loader: "js" };
    });
    build.onLoad({ filter: /[\\/]node_modules[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client-h2\.js$/ }, (args) => {
      const eager = "http2 = require('node:http2')";
      const source = readFileSync(args.path, "utf8");
      if (!source.includes(eager)) throw new Error(`scripts/build.mjs: ${args.path} no longer has ${eager}; update the startup-diet plugin`);
      const used = Object.fromEntries(Object.entries(http2.constants).filter(([name]) => new RegExp(`\\b${name}\\b`).test(source)));
      const lazy = `http2 = { constants: ${JSON.stringify(used)}, connect: (...connectArgs) => require('node:http2').connect(...connectArgs) }`;
      return { contents: source.replace(eager, lazy), loader: "js" };
    });
  },
};

// `connector emulator` imports src/emulator/index.ts lazily; in the bundle that import becomes a
// load of dist/emulator.cjs through the code cache's loader, handing it the program's own error
// classes (one class each, so the program's `instanceof` checks hold for the emulator's errors).
const SRC = fileURLToPath(new URL("../src/", import.meta.url));
const ERRORS_ID = "#connector/errors";
const emulatorPart = {
  name: "emulator-part",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/emulator\/index\.ts$/ }, (args) => (/[\\/]src[\\/]commands[\\/]/.test(args.importer) ? { path: "emulator", namespace: "emulator-part" } : undefined));
    build.onLoad({ filter: /.*/, namespace: "emulator-part" }, () => ({
      contents: [
        'const path = require("node:path");',
        `const errors = require(${JSON.stringify(join(SRC, "errors.ts"))});`,
        `module.exports = require(path.join(__dirname, "code-cache.cjs")).loadPart(path.join(__dirname, "emulator.cjs"), "emulator", { ${JSON.stringify(ERRORS_ID)}: errors }, require);`,
      ].join("\n"),
      loader: "js",
      resolveDir: SRC,
    }));
  },
};
// The emulator's side of the same: its imports of src/errors.ts are left to the loader.
const sharedErrors = {
  name: "shared-errors",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/errors\.ts$/ }, (args) => (/[\\/]src[\\/]emulator[\\/]/.test(args.importer) ? { path: ERRORS_ID, external: true } : undefined));
  },
};

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
rmSync(outdir, { recursive: true, force: true });
const bundlePath = join(outdir, "connector.cjs");
const emulatorPath = join(outdir, "emulator.cjs");
const common = {
  outdir,
  outExtension: { ".js": ".cjs" },
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // Less to read and parse on a run without a code cache; names are kept, so a stack trace
  // still names its functions, and local builds keep a source map (the package does not).
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  metafile: process.env.CONNECTOR_BUILD_META === "1",
  // Replaced below by the build's own hash, same length, so the source map stays right.
  banner: { js: `// connector build ${"0".repeat(BUILD_ID_LENGTH)}` },
  // The OS keychain's native module, an optional dependency: never bundled (it loads a .node
  // file of its own platform), required from node_modules only by a command that needs it.
  external: ["@napi-rs/keyring"],
  define: { __CONNECTOR_VERSION__: JSON.stringify(pkg.version) },
  logLevel: "warning",
};
const result = await build({ ...common, entryPoints: { connector: join(SRC, "bundle.ts") }, plugins: [startupDiet, emulatorPart] });
if (result.metafile) writeFileSync(join(outdir, "meta.json"), JSON.stringify(result.metafile));
await build({ ...common, entryPoints: { emulator: join(SRC, "emulator/index.ts") }, plugins: [sharedErrors] });
// The loader itself is not cached (it reads the caches): small, and without a build id.
await build({ ...common, entryPoints: { "code-cache": join(SRC, "startup/code-cache.ts") }, banner: undefined, sourcemap: false });
// The build id names the code caches of this build (src/startup/code-cache.ts): V8 checks only a
// source's length before using cached code, so a cache must never outlive the script it was made
// from. One id for the program and its part: a hash of both.
const scripts = [bundlePath, emulatorPath].map((file) => ({ file, text: readFileSync(file, "utf8") }));
const hash = createHash("sha256");
for (const { text } of scripts) hash.update(text);
const buildId = hash.digest("hex").slice(0, BUILD_ID_LENGTH);
for (const { file, text } of scripts) writeFileSync(file, text.replace("0".repeat(BUILD_ID_LENGTH), buildId));
const bundle = createRequire(import.meta.url)(bundlePath);
// `import { provision } from "open-connectors-sms"`: an ES module naming each export of the
// library, taken from the bundle itself so the list cannot drift.
const names = Object.keys(bundle.library).sort();
writeFileSync(
  join(outdir, "library.js"),
  `// The library's ES module entry: each export of src/library.ts, from the one bundle.\nimport bundle from "./connector.cjs";\nexport const { ${names.join(", ")} } = bundle.library;\n`,
);
// bin/connector.js answers a bare `--version`, and every `--help`, from this file without loading
// the program: the texts are rendered now by the program itself (src/cli/help-texts.ts).
writeFileSync(join(outdir, "help.json"), JSON.stringify({ version: pkg.version, help: bundle.renderHelpTexts() }));
// The library's types (package.json "types"): the declarations of the two files it exports from,
// written file by file without a type check (`npm run typecheck` does that), specifiers made .js.
const ts = (await import("typescript")).default;
mkdirSync(join(outdir, "types"), { recursive: true });
for (const file of ["library.ts", "errors.ts"]) {
  const source = readFileSync(new URL(`../src/${file}`, import.meta.url), "utf8");
  const { outputText, diagnostics } = ts.transpileDeclaration(source, { fileName: file, compilerOptions: { isolatedDeclarations: true, strict: true } });
  if (diagnostics?.length) throw new Error(`scripts/build.mjs: src/${file}: ${diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ")}`);
  writeFileSync(join(outdir, "types", file.replace(/\.ts$/, ".d.ts")), outputText.replace(/(from "\.\/[\w-]+)\.ts"/g, '$1.js"'));
}
