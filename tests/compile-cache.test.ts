// bin/connector.js keeps V8's compiled code of the program between runs on Node >= 22.1
// (module.enableCompileCache), under CONNECTOR_CACHE_DIR or $XDG_CACHE_HOME/connector. The
// cache holds code, never a secret, and an older Node runs without one.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBinary, tempConfigDir } from "./helpers/run.ts";
import { complete, documentWith, TOKEN } from "./helpers/instance.ts";

const supported = typeof (createRequire(import.meta.url)("node:module") as { enableCompileCache?: unknown }).enableCompileCache === "function";
const SECRET = "f0e1d2c3b4a5968778695a4b3c2d1e0f";

/** An instance file holding `secret` as its Auth Token. */
function writeInstance(secret: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "connector-cache-instance-")), "instance.json");
  writeFileSync(file, JSON.stringify(documentWith({ ...complete, [TOKEN]: secret })));
  return file;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile());
}

describe("the compile cache", () => {
  it(supported ? "is written under CONNECTOR_CACHE_DIR and holds no secret" : "is not written on a Node without module.enableCompileCache", async () => {
    const cacheDir = join(mkdtempSync(join(tmpdir(), "connector-cache-")), "cache");
    const configDir = tempConfigDir();
    const file = writeInstance(SECRET);
    const run = await runBinary(["validate", "--file", file], { CONNECTOR_CONFIG_DIR: configDir, CONNECTOR_CACHE_DIR: cacheDir, TWILIO_AUTH_TOKEN: SECRET });
    expect(run.code, run.stderr).toBe(0);
    const files = filesUnder(cacheDir);
    if (!supported) {
      expect(files).toEqual([]);
      return;
    }
    expect(files.length).toBeGreaterThan(0);
    for (const cached of files) expect(readFileSync(cached).includes(SECRET), cached).toBe(false);
  });

  it("goes under $XDG_CACHE_HOME/connector when CONNECTOR_CACHE_DIR is unset", async () => {
    const xdg = mkdtempSync(join(tmpdir(), "connector-xdg-"));
    const run = await runBinary(["validate", "--file", writeInstance(SECRET)], { CONNECTOR_CONFIG_DIR: tempConfigDir(), XDG_CACHE_HOME: xdg });
    expect(run.code, run.stderr).toBe(0);
    expect(filesUnder(join(xdg, "connector")).length > 0).toBe(supported);
  });

  it("never delays --version, which starts no ES module at all", async () => {
    const cacheDir = join(mkdtempSync(join(tmpdir(), "connector-cache-")), "cache");
    const run = await runBinary(["--version"], { CONNECTOR_CACHE_DIR: cacheDir });
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(existsSync(cacheDir)).toBe(false);
  });
});
