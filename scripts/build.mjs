// Bundles src/ and its dependencies into dist/ with esbuild. Each command module becomes its
// own chunk, so `connector --version` loads only the parser: start-up cost is paid per command
// used. Dependencies are bundled too: resolving and reading hundreds of files in node_modules
// cost more at start-up than compiling the few kilobytes each command needs (see bench/).
// The output is ESM; the CommonJS dependencies inside it (commander, undici) call `require`
// for Node's built-in modules, so each chunk gets a `require` made by createRequire.
import { build } from "esbuild";
import http2 from "node:http2";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

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

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: {
    cli: fileURLToPath(new URL("../src/main.ts", import.meta.url)),
    "help-texts": fileURLToPath(new URL("../src/cli/help-texts.ts", import.meta.url)),
    library: fileURLToPath(new URL("../src/library.ts", import.meta.url)),
  },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  metafile: process.env.CONNECTOR_BUILD_META === "1",
  // One `require` for every chunk (they share a directory), made by the first chunk that loads.
  banner: {
    js: 'import { createRequire as __connectorCreateRequire } from "node:module"; const require = (globalThis[Symbol.for("connector.require")] ??= __connectorCreateRequire(import.meta.url));',
  },
  plugins: [startupDiet],
  define: { __CONNECTOR_VERSION__: JSON.stringify(pkg.version) },
  logLevel: "warning",
});
if (result.metafile) writeFileSync(join(outdir, "meta.json"), JSON.stringify(result.metafile));
// bin/connector.js answers a bare `--version`, and every `--help`, from this file without loading
// the program: the texts are rendered now by the program itself (src/cli/help-texts.ts).
const { renderHelpTexts } = await import(pathToFileURL(join(outdir, "help-texts.js")).href);
writeFileSync(join(outdir, "help.json"), JSON.stringify({ version: pkg.version, help: renderHelpTexts() }));
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
