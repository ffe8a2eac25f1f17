import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  define: { __CONNECTOR_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ["tests/**/*.test.ts"],
    // The Windows stand-in runs under Wine, by its own config (vitest.windows.config.ts, npm run test:windows).
    exclude: [...configDefaults.exclude, "tests/windows/**"],
    testTimeout: 20_000,
    // Most tests wait on a child process or a loopback server, not on the CPU: on a 2-core
    // machine vitest would run one file at a time (cores - 1); four at once measured fastest here. CONNECTOR_TEST_WORKERS overrides.
    maxWorkers: Number(process.env.CONNECTOR_TEST_WORKERS) || Math.max(4, availableParallelism()),
    hookTimeout: 30_000,
    globalSetup: ["tests/global-setup.ts"],
    // `slow`: spawns many processes or waits real time; `npm test` leaves these out, `npm run test:all` (and .ci/run) runs them.
    tags: [{ name: "slow", description: "spawns many processes or waits real time; run by npm run test:all" }],
  },
});
