// End-to-end tests spawn the built binary: build it once before any test runs. The binaries the
// tests spawn keep their code cache (src/startup/code-cache.ts) in one temporary folder, not in
// the user's ~/.cache, and it is removed at the end. (Its key is in each test's own state folder,
// so a test whose CONNECTOR_CONFIG_DIR is new compiles once and writes its files again.)
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  const cache = mkdtempSync(join(tmpdir(), "connector-test-cache-"));
  process.env.CONNECTOR_CACHE_DIR ??= cache;
  return () => rmSync(cache, { recursive: true, force: true });
}
