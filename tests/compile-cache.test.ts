// src/startup/code-cache.ts (dist/code-cache.cjs) keeps V8's compiled code of the program between
// runs, on every Node version, under CONNECTOR_CACHE_DIR or $XDG_CACHE_HOME/connector. The cache
// holds code, never a secret; it is used only with the very bundle and V8 flags it was made
// with; and anything wrong with it only means the program is compiled again (what it refuses to
// trust: tests/compile-cache-trust.test.ts).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { runBinary, runEntry, tempConfigDir } from "./helpers/run.ts";
import { cacheEnv, filesUnder, freshCacheDir, onlyCacheFile } from "./helpers/code-cache.ts";
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

describe("the code cache", () => {
  it("is written per command under CONNECTOR_CACHE_DIR, private, and holds no secret", async () => {
    const { CONNECTOR_CACHE_DIR: cacheDir, CONNECTOR_CONFIG_DIR: stateDir } = cacheEnv();
    const run = await runBinary(["validate", "--file", writeInstance(SECRET)], { CONNECTOR_CONFIG_DIR: stateDir, CONNECTOR_CACHE_DIR: cacheDir, TWILIO_AUTH_TOKEN: SECRET });
    expect(run.code, run.stderr).toBe(0);
    const files = filesUnder(cacheDir);
    expect(files.map((file) => relative(cacheDir, file))).toEqual([expect.stringMatching(new RegExp(`^code/${process.version}-${process.arch}-\\d+-[0-9a-f]{16}/validate\\.bin$`))]);
    const [file] = files as [string];
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    expect(readFileSync(file).includes(SECRET)).toBe(false);
    // The key of the files' seals lives in the state folder, never beside the cache.
    expect(readdirSync(stateDir)).toEqual(["code-cache.key"]);
    expect(statSync(join(stateDir, "code-cache.key")).mode & 0o777).toBe(0o600);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
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

  describe("under V8's flags", () => {
    const platform = usePlatform();

    it("is shared by a batch and single provisions, whose flags bin/connector.js sets alike before the program loads", async () => {
      const cacheDir = freshCacheDir();
      const env = { ...platform.env, CONNECTOR_CACHE_DIR: cacheDir, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
      const folder = mkdtempSync(join(tmpdir(), "connector-cache-batch-"));
      for (const name of ["batch-a", "batch-b"]) writeFileSync(join(folder, `${name}.json`), JSON.stringify(documentWith({ ...complete, [TOKEN]: AUTH_TOKEN }, { name })));
      const batch = await runBinary(["provision", "--file", folder, "--no-input"], env);
      expect(batch.code, batch.stdout + batch.stderr).toBe(0);
      const { file } = onlyCacheFile(cacheDir); // the heap flags are the command's, not set while it runs
      const written = readFileSync(file);
      for (const name of ["cached-1", "cached-2"]) {
        const again = await runBinary(["provision", ...entryFlags(name), "--no-input"], env);
        expect(again.code, again.stderr).toBe(0);
      }
      const rerun = await runBinary(["provision", "--file", folder, "--no-input", "--if-exists", "skip"], env);
      expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
      expect(readFileSync(file).equals(written)).toBe(true); // accepted each time, never made again
    });

    it("is one per set of flags: runs that alternate NODE_OPTIONS keep one cache each", { tags: ["slow"] }, async () => {
      const env = cacheEnv();
      const instance = writeInstance(SECRET);
      const runs = [{}, { NODE_OPTIONS: "--max-old-space-size=200" }];
      for (const extra of runs) expect((await runBinary(["validate", "--file", instance], { ...env, ...extra })).code).toBe(0);
      const files = filesUnder(env.CONNECTOR_CACHE_DIR);
      expect(files).toHaveLength(2);
      const made = files.map((file) => statSync(file).ino);
      for (const extra of [...runs, ...runs]) expect((await runBinary(["validate", "--file", instance], { ...env, ...extra })).code).toBe(0);
      expect(filesUnder(env.CONNECTOR_CACHE_DIR).map((file) => statSync(file).ino)).toEqual(made); // none written again
    });
  });

  it("made by a failed run is made once more by the next successful one, then kept", async () => {
    const env = cacheEnv();
    const failed = await runBinary(["validate", "--file", join(tmpdir(), "connector-no-such-instance.json")], env);
    expect(failed.code).not.toBe(0);
    const { file } = onlyCacheFile(env.CONNECTOR_CACHE_DIR);
    const first = statSync(file).ino;
    const instance = writeInstance(SECRET);
    expect((await runBinary(["validate", "--file", instance], env)).code).toBe(0);
    const second = statSync(file).ino;
    expect(second).not.toBe(first);
    expect((await runBinary(["validate", "--file", instance], env)).code).toBe(0);
    expect((await runBinary(["validate", "--file", join(tmpdir(), "connector-no-such-instance.json")], env)).code).not.toBe(0);
    expect(statSync(file).ino).toBe(second);
  });

  it("of the emulator, a part of its own (dist/emulator.cjs), is written beside the program's; its errors are the program's", async () => {
    const env = cacheEnv();
    const bad = await runBinary(["emulator", "--faults", "nonsense"], env);
    expect(bad.code).toBe(2); // a UsageError thrown in the part: the program's own class, so the usage exit code
    expect(bad.stderr).toMatch(/--faults: "nonsense" is not a fault/);
    expect(
      filesUnder(env.CONNECTOR_CACHE_DIR)
        .map((file) => file.split("/").at(-1))
        .sort(),
    ).toEqual(["emulator.bin", "part.emulator.bin"]);
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

  it("is never used with another bundle, even one of the same length; each build keeps its own until it goes unused", { tags: ["slow"] }, async () => {
    // A copy of the package whose bundle then changes one message, keeping its length: V8 itself
    // would accept the first bundle's cache for it and run the old code.
    const copy = mkdtempSync(join(tmpdir(), "connector-cache-copy-"));
    cpSync(join(ROOT, "bin"), join(copy, "bin"), { recursive: true });
    mkdirSync(join(copy, "dist"));
    for (const name of ["connector.cjs", "code-cache.cjs", "emulator.cjs", "help.json"]) cpSync(join(ROOT, "dist", name), join(copy, "dist", name));
    const copyBin = join(copy, "bin", "connector.js");
    const env = cacheEnv();
    const instance = writeInstance(SECRET);
    const first = await runBinary(["validate", "--file", instance], env);
    expect(first.stdout).toMatch(/ is valid: /);
    const { file: firstCache } = onlyCacheFile(env.CONNECTOR_CACHE_DIR);

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
    const second = await runEntry(copyBin, ["validate", "--file", instance], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/ IS VALID: /);
    // A global install and a project's own, used in turn: neither removes nor rewrites the other's.
    const caches = filesUnder(env.CONNECTOR_CACHE_DIR);
    expect(caches).toHaveLength(2);
    const made = caches.map((file) => statSync(file).ino);
    expect((await runBinary(["validate", "--file", instance], env)).stdout).toMatch(/ is valid: /);
    expect((await runEntry(copyBin, ["validate", "--file", instance], env)).stdout).toMatch(/ IS VALID: /);
    expect(filesUnder(env.CONNECTOR_CACHE_DIR).map((file) => statSync(file).ino)).toEqual(made);

    // A build unused for 40 days goes when another cache is written.
    const old = Date.now() / 1000 - 40 * 24 * 3600;
    utimesSync(dirname(firstCache), old, old);
    rmSync(caches.find((file) => file !== firstCache) as string);
    expect((await runEntry(copyBin, ["validate", "--file", instance], env)).code).toBe(0);
    expect(existsSync(dirname(firstCache))).toBe(false);
    expect(filesUnder(env.CONNECTOR_CACHE_DIR)).toHaveLength(1);
  });
});
