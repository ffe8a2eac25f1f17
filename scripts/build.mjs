// Bundles src/ into dist/ with esbuild. Each command module becomes its own chunk, so
// `connector --version` loads only the parser: start-up cost is paid per command used.
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: "src/main.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  packages: "external",
  define: { __CONNECTOR_VERSION__: JSON.stringify(pkg.version) },
  logLevel: "warning",
});
