// `npm run test:windows`: the Windows stand-in (tests/windows/), the built program run by
// Windows' node.exe under Wine. Kept out of `npm test` and `npm run test:all` (vitest.config.ts
// excludes it): Wine starts each process in seconds. .ci/run calls it after fetching node.exe
// and setting up the Wine prefix.
import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  define: { __CONNECTOR_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ["tests/windows/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    globalSetup: ["tests/global-setup.ts"],
    tags: [{ name: "slow", description: "spawns many processes or waits real time" }],
  },
});
