// Bundles src/ and its dependencies into dist/ with esbuild. Each command module becomes its
// own chunk, so `connector --version` loads only the parser: start-up cost is paid per command
// used. Dependencies are bundled too: resolving and reading hundreds of files in node_modules
// cost more at start-up than compiling the few kilobytes each command needs (see bench/).
// The output is ESM; the CommonJS dependencies inside it (commander, undici) call `require`
// for Node's built-in modules, so each chunk gets a `require` made by createRequire.
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// conf validates against a JSON schema (ajv, with ajv-formats) and runs migrations (semver) only
// when given a schema or migrations, which src/store/ never passes: those 370 kB would be
// compiled on every store write for nothing. They are replaced by stubs that throw if used.
const CONF_UNUSED = {
  "ajv/dist/2020.js": "export class Ajv2020 { constructor() { unavailable(); } }",
  "ajv-formats": "export default { default: () => unavailable() };",
  semver: "export default new Proxy({}, { get: () => unavailable });",
};
const leaveOutConfUnused = {
  name: "leave-out-conf-unused",
  setup(build) {
    build.onResolve({ filter: /^(ajv\/dist\/2020\.js|ajv-formats|semver)$/ }, (args) =>
      /[\\/]node_modules[\\/]conf[\\/]/.test(args.importer) ? { path: args.path, namespace: "conf-unused" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "conf-unused" }, (args) => ({
      contents: `function unavailable() { throw new Error("conf's schema and migrations are left out of connector's bundle (scripts/build.mjs)"); }\n${CONF_UNUSED[args.path]}`,
      loader: "js",
    }));
  },
};

// `--outdir <dir>` builds elsewhere than dist/ (bench/run.mjs measures a private copy).
const outFlag = process.argv.indexOf("--outdir");
const outdir = outFlag === -1 ? fileURLToPath(new URL("../dist", import.meta.url)) : process.argv[outFlag + 1];
// Two imports that every command would pay for at start-up and none uses: chalk's terminal
// detection (src/ui/style.ts always gives chalk an explicit level, so it is never consulted),
// and commander's child_process (only for executable subcommands, which connector has none
// of); it is required on first use instead. The build fails if commander changes that line.
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
  banner: { js: 'import { createRequire as __connectorCreateRequire } from "node:module"; const require = (globalThis[Symbol.for("connector.require")] ??= __connectorCreateRequire(import.meta.url));' },
  plugins: [leaveOutConfUnused, startupDiet],
  define: { __CONNECTOR_VERSION__: JSON.stringify(pkg.version) },
  logLevel: "warning",
});
// bin/connector.js answers a bare `--version` from this file without loading the program.
writeFileSync(join(outdir, "version.js"), `export const VERSION = ${JSON.stringify(pkg.version)};\n`);
if (result.metafile) writeFileSync(join(outdir, "meta.json"), JSON.stringify(result.metafile));
// ... and every `--help` text from this one, rendered now by the program itself (src/cli/help-texts.ts).
const { renderHelpTexts } = await import(pathToFileURL(join(outdir, "help-texts.js")).href);
writeFileSync(join(outdir, "help.js"), `export const HELP = ${JSON.stringify(renderHelpTexts())};\n`);
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
