// The keychain tests (`npm run test:keychain`, which runs scripts/test-keychain.sh): the built
// binary against a real gnome-keyring on a private D-Bus session that the script starts. Kept out
// of `npm test` because they need that session; .ci/run runs them after the suite.
import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  define: { __CONNECTOR_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ["tests/keychain/**/*.keychain.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // One keyring daemon for the whole run, locked and unlocked by the tests in turn.
    fileParallelism: false,
    globalSetup: ["tests/global-setup.ts"],
  },
});
