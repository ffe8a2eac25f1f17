// The contract tests (`npm run test:contract`): the Twilio preflight against Twilio's own OpenAPI
// description, served by Prism; the Twilio message schema against that description; The Doctor
// (ce-util) against the emulator. Kept out of `npm test` because they fetch with npm (the
// description, Prism, The Doctor) and start Prism once (seconds); .ci/run runs them after the suite.
import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  define: { __CONNECTOR_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ["tests/contract/**/*.contract.ts"],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    globalSetup: ["tests/global-setup.ts"],
  },
});
