// bin/code-cache.js keeps V8's compiled code of the program between runs, on every Node
// version, under CONNECTOR_CACHE_DIR or $XDG_CACHE_HOME/connector. The cache holds code, never
// a secret; it is used only with the very bundle it was made from; and anything wrong with it
// only means the program is compiled again.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { runBinary, runEntry, tempConfigDir } from "./helpers/run.ts";
import { complete, documentWith, TOKEN } from "./helpers/instance.ts";
import { AUTH_TOKEN, entryFlags, usePlatform } from "./helpers/platform.ts";

const ROOT = new URL("..", import.meta.url).pathname;
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

function freshCacheDir(): string {
  return join(mkdtempSync(join(tmpdir(), "connector-cache-")), "cache");
}

describe("the code cache", () => {
  it("is written per command under CONNECTOR_CACHE_DIR, private, and holds no secret", async () => {
    const cacheDir = freshCacheDir();
    const run = await runBinary(["validate", "--file", writeInstance(SECRET)], { CONNECTOR_CONFIG_DIR: tempConfigDir(), CONNECTOR_CACHE_DIR: cacheDir, TWILIO_AUTH_TOKEN: SECRET });
    expect(run.code, run.stderr).toBe(0);
    const files = filesUnder(cacheDir);
    expect(files.map((file) => relative(cacheDir, file))).toEqual([expect.stringMatching(new RegExp(`^code/${process.version}-${process.arch}-[0-9a-f]{16}/validate\\.bin$`))]);
    const [file] = files as [string];
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    expect(readFileSync(file).includes(SECRET)).toBe(false);
  });

  it("is used by the next run, which leaves it as it was", async () => {
    const cacheDir = freshCacheDir();
    const env = { CONNECTOR_CONFIG_DIR: tempConfigDir(), CONNECTOR_CACHE_DIR: cacheDir };
    await runBinary(["validate", "--file", writeInstance(SECRET)], env);
    const [file] = filesUnder(cacheDir) as [string];
    const written = statSync(file).mtimeMs;
    const second = await runBinary(["validate", "--file", writeInstance(SECRET)], env);
    expect(second.code, second.stderr).toBe(0);
    expect(statSync(file).mtimeMs).toBe(written); // accepted by V8, so not made again
  });

  describe("of a command that changes V8's flags", () => {
    const platform = usePlatform();

    it("is kept by provision, which loads undici (WebAssembly); a batch, which sizes the heap, writes none", async () => {
      const cacheDir = freshCacheDir();
      const env = { ...platform.env, CONNECTOR_CACHE_DIR: cacheDir, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
      const folder = mkdtempSync(join(tmpdir(), "connector-cache-batch-"));
      for (const name of ["batch-a", "batch-b"]) writeFileSync(join(folder, `${name}.json`), JSON.stringify(documentWith({ ...complete, [TOKEN]: AUTH_TOKEN }, { name })));
      const batch = await runBinary(["provision", "--file", folder, "--no-input"], env);
      expect(batch.code, batch.stdout + batch.stderr).toBe(0);
      expect(filesUnder(cacheDir)).toEqual([]); // made under other flags, every later run would reject it

      const first = await runBinary(["provision", ...entryFlags("cached-1"), "--no-input"], env);
      expect(first.code, first.stderr).toBe(0);
      const [file] = filesUnder(cacheDir) as [string];
      const written = readFileSync(file);
      for (const name of ["cached-2", "cached-3"]) {
        const again = await runBinary(["provision", ...entryFlags(name), "--no-input"], env);
        expect(again.code, again.stderr).toBe(0);
      }
      const rerun = await runBinary(["provision", "--file", folder, "--no-input", "--if-exists", "skip"], env);
      expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
      expect(readFileSync(file).equals(written)).toBe(true); // accepted each time, never made again
    });
  });

  it("goes under $XDG_CACHE_HOME/connector when CONNECTOR_CACHE_DIR is unset", async () => {
    const xdg = mkdtempSync(join(tmpdir(), "connector-xdg-"));
    const run = await runBinary(["validate", "--file", writeInstance(SECRET)], { CONNECTOR_CONFIG_DIR: tempConfigDir(), CONNECTOR_CACHE_DIR: "", XDG_CACHE_HOME: xdg });
    expect(run.code, run.stderr).toBe(0);
    expect(filesUnder(join(xdg, "connector", "code"))).toHaveLength(1);
  });

  it("is neither read nor written with NODE_DISABLE_COMPILE_CACHE=1, and --version never touches it", async () => {
    const cacheDir = freshCacheDir();
    const off = await runBinary(["validate", "--file", writeInstance(SECRET)], { CONNECTOR_CONFIG_DIR: tempConfigDir(), CONNECTOR_CACHE_DIR: cacheDir, NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(off.code, off.stderr).toBe(0);
    const version = await runBinary(["--version"], { CONNECTOR_CACHE_DIR: cacheDir });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(existsSync(cacheDir)).toBe(false);
  });

  it("a damaged cache file is replaced, and a cache folder that cannot be made is skipped, silently", async () => {
    const cacheDir = freshCacheDir();
    const env = { CONNECTOR_CONFIG_DIR: tempConfigDir(), CONNECTOR_CACHE_DIR: cacheDir };
    await runBinary(["validate", "--file", writeInstance(SECRET)], env);
    const [file] = filesUnder(cacheDir) as [string];
    writeFileSync(file, "not V8's code cache");
    const damaged = await runBinary(["validate", "--file", writeInstance(SECRET)], env);
    expect(damaged).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(file, "utf8")).not.toBe("not V8's code cache");

    const blocked = join(mkdtempSync(join(tmpdir(), "connector-cache-blocked-")), "file");
    writeFileSync(blocked, "a file where the cache folder would go");
    const run = await runBinary(["validate", "--file", writeInstance(SECRET)], { CONNECTOR_CONFIG_DIR: tempConfigDir(), CONNECTOR_CACHE_DIR: blocked });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/is valid/);
  });

  it("is never used with another bundle, even one of the same length, and the other build's cache is removed", async () => {
    // A copy of the package whose bundle then changes one message, keeping its length: V8 itself
    // would accept the first bundle's cache for it and run the old code.
    const copy = mkdtempSync(join(tmpdir(), "connector-cache-copy-"));
    cpSync(join(ROOT, "bin"), join(copy, "bin"), { recursive: true });
    mkdirSync(join(copy, "dist"));
    for (const name of ["connector.cjs", "help.json"]) cpSync(join(ROOT, "dist", name), join(copy, "dist", name));
    const bin = join(copy, "bin", "connector.js");
    const cacheDir = freshCacheDir();
    const env = { CONNECTOR_CONFIG_DIR: tempConfigDir(), CONNECTOR_CACHE_DIR: cacheDir };
    const instance = writeInstance(SECRET);
    const first = await runEntry(bin, ["validate", "--file", instance], env);
    expect(first.stdout).toMatch(/ is valid: /);
    const [firstCache] = filesUnder(cacheDir) as [string];

    const bundlePath = join(copy, "dist", "connector.cjs");
    const bundle = readFileSync(bundlePath, "utf8");
    const [, buildId] = /^\/\/ connector build ([0-9a-f]+)\n/.exec(bundle) as unknown as [string, string];
    const changed = bundle
      .replace(
        buildId,
        buildId.replace(/./g, (c) => (c === "f" ? "0" : "f")),
      )
      .replace(" is valid: ", " IS VALID: ");
    expect(changed.length).toBe(bundle.length);
    writeFileSync(bundlePath, changed);
    const second = await runEntry(bin, ["validate", "--file", instance], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/ IS VALID: /);
    expect(existsSync(firstCache)).toBe(false);
    expect(filesUnder(cacheDir)).toHaveLength(1);
  });
});
