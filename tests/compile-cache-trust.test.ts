// @module-tag slow: the built program started again and again against planted caches (npm test leaves it out; npm run test:all runs it)
// What the code cache refuses to run or to read: a cache file is code run with the user's
// environment, and V8 checks only its header. Each case plants or breaks something where the
// cache is looked for, then checks that the program runs as usual: its own output, exit 0.
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openSealed, readKey, seal } from "../src/startup/seal.ts";
import { cacheEnv, filesUnder, onlyCacheFile, PLANTED, plantedPayload, ROOT, runWithin } from "./helpers/code-cache.ts";
import { BIN, outcomeOf, runBinary, spawnBaseEnv } from "./helpers/run.ts";

const VALIDATE = ["validate", "--file", join(ROOT, "instance.example.json")];
const VALID = / is valid: /;

/** A run of validate that made its cache; the file, its seal's label, and the key. */
async function cachedRun(env: ReturnType<typeof cacheEnv>) {
  const first = await runBinary(VALIDATE, env);
  expect(first.code, first.stderr).toBe(0);
  const { file, label } = onlyCacheFile(env.CONNECTOR_CACHE_DIR);
  return { file, label, key: readKey(env.CONNECTOR_CONFIG_DIR) as Buffer, stdout: first.stdout };
}

describe("the code cache runs nothing it did not make", () => {
  it("a file of V8 data from another script of the program's length, raw or sealed with another key, is discarded and made again", async () => {
    const env = cacheEnv();
    const { file, label } = await cachedRun(env);
    const planted = plantedPayload();
    for (const content of [planted, seal(planted, label, Buffer.alloc(32, 7), true)]) {
      writeFileSync(file, content);
      const run = await runBinary(VALIDATE, env);
      expect(run.stdout).not.toContain(PLANTED);
      expect(run).toMatchObject({ code: 0, stderr: "" });
      expect(run.stdout).toMatch(VALID);
      expect(readFileSync(file).equals(content)).toBe(false);
    }
  });

  it("the same file sealed with the user's key does run: the planting above is real", async () => {
    const env = cacheEnv();
    const { file, label, key } = await cachedRun(env);
    writeFileSync(file, seal(plantedPayload(), label, key, true));
    const run = await runBinary(VALIDATE, env);
    expect(run.stdout).toContain(PLANTED);
  });

  describe("a cache folder that is not the user's own is neither read nor written", () => {
    /** Plants a validly sealed file, then makes the folder untrusted with `spoil`; the program must not run it. */
    async function refused(spoil: (env: ReturnType<typeof cacheEnv>) => NodeJS.ProcessEnv) {
      const env = cacheEnv();
      const { file, label, key } = await cachedRun(env);
      const sealed = seal(plantedPayload(), label, key, true);
      writeFileSync(file, sealed);
      const run = await runBinary(VALIDATE, spoil(env));
      expect(run.stdout).not.toContain(PLANTED);
      expect(run).toMatchObject({ code: 0, stderr: "" });
      expect(run.stdout).toMatch(VALID);
      expect(readFileSync(file).equals(sealed)).toBe(true); // nothing written into it either
    }

    it("writable by the group or others", async () => {
      await refused((env) => {
        chmodSync(env.CONNECTOR_CACHE_DIR, 0o770);
        return env;
      });
      await refused((env) => {
        chmodSync(join(env.CONNECTOR_CACHE_DIR, "code"), 0o777);
        return env;
      });
    });

    it("reached through a symbolic link", async () => {
      await refused((env) => {
        const link = join(mkdtempSync(join(tmpdir(), "connector-cache-link-")), "cache");
        symlinkSync(env.CONNECTOR_CACHE_DIR, link);
        return { ...env, CONNECTOR_CACHE_DIR: link };
      });
    });

    it.skipIf(process.getuid?.() !== 0)("owned by another user", async () => {
      await refused((env) => {
        chownSync(env.CONNECTOR_CACHE_DIR, 65534, 65534);
        return env;
      });
    });
  });

  it("a state folder that is not the user's own gives no key: the cache is not used", async () => {
    const env = cacheEnv();
    const { file, label, key } = await cachedRun(env);
    const sealed = seal(plantedPayload(), label, key, true);
    writeFileSync(file, sealed);
    chmodSync(env.CONNECTOR_CONFIG_DIR, 0o777);
    const run = await runBinary(VALIDATE, env);
    expect(run.stdout).not.toContain(PLANTED);
    expect(run).toMatchObject({ code: 0, stderr: "" });
  });

  it("a key that is damaged or a link is replaced by a new one (its target untouched), and the cache made again under it", async () => {
    const env = cacheEnv();
    const { file } = await cachedRun(env);
    const keyFile = join(env.CONNECTOR_CONFIG_DIR, "code-cache.key");
    const target = join(mkdtempSync(join(tmpdir(), "connector-key-target-")), "key");
    writeFileSync(target, Buffer.alloc(32, 1));
    for (const plant of [() => writeFileSync(keyFile, "short"), () => symlinkSync(target, keyFile)]) {
      rmSync(keyFile);
      plant();
      const run = await runBinary(VALIDATE, env);
      expect(run).toMatchObject({ code: 0, stderr: "" });
      const key = readKey(env.CONNECTOR_CONFIG_DIR) as Buffer;
      expect(key).toHaveLength(32);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(openSealed(readFileSync(file), onlyCacheFile(env.CONNECTOR_CACHE_DIR).label, key)).toBeDefined();
    }
    expect(readFileSync(target).equals(Buffer.alloc(32, 1))).toBe(true);
  });

  it("a guessable temporary file planted as a link is never written through", async () => {
    const env = cacheEnv();
    const { file } = await cachedRun(env);
    rmSync(file); // so the next run writes the cache again
    const victim = join(mkdtempSync(join(tmpdir(), "connector-cache-victim-")), "victim");
    writeFileSync(victim, "the user's own file");
    const child = spawn(process.execPath, [BIN, ...VALIDATE], { env: { ...spawnBaseEnv(), ...env }, stdio: ["ignore", "pipe", "pipe"] });
    // The name a writer that used `${file}.${pid}.tmp` would open, following links; planted
    // long before the run gets to its write.
    symlinkSync(victim, `${file}.${child.pid}.tmp`);
    const run = await outcomeOf(child);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(victim, "utf8")).toBe("the user's own file");
    expect(statSync(file).isFile()).toBe(true);
  });
});

describe("a broken cache only means compiling as usual", { tags: ["slow"] }, () => {
  it("a bit flipped anywhere in the payload: the same output, exit 0, and the cache is made again", async () => {
    const env = cacheEnv();
    const { file, stdout } = await cachedRun(env);
    const good = readFileSync(file);
    for (const seed of [1, 2, 3, 4, 5]) {
      const bytes = Buffer.from(good);
      // Past any header (V8's is 32 bytes, the seal's 49): the code itself.
      const offset = 64 + ((seed * 2_654_435_761) % (bytes.length - 64));
      bytes[offset] = (bytes[offset] as number) ^ (1 << (seed % 8));
      writeFileSync(file, bytes);
      const run = await runWithin(15_000, VALIDATE, env);
      expect(run, `seed ${seed}, byte ${offset}`).toMatchObject({ code: 0, stdout, stderr: "" });
      const rewritten = readFileSync(file);
      expect(rewritten.equals(bytes)).toBe(false);
      const again = await runWithin(15_000, VALIDATE, env);
      expect(again).toMatchObject({ code: 0, stdout });
      expect(readFileSync(file).equals(rewritten)).toBe(true); // the new one is accepted and kept
    }
  });

  it("a FIFO or a link to /dev/zero in place of the file: the run ends as usual, and a real file replaces it", async () => {
    const env = cacheEnv();
    const { file, stdout } = await cachedRun(env);
    for (const plant of [() => execFileSync("mkfifo", [file]), () => symlinkSync("/dev/zero", file)]) {
      rmSync(file);
      plant();
      const run = await runWithin(15_000, VALIDATE, env);
      expect(run).toMatchObject({ code: 0, stdout, stderr: "" });
      expect(statSync(file).isFile()).toBe(true);
      expect(filesUnder(env.CONNECTOR_CACHE_DIR)).toEqual([file]);
    }
  });

  it("a cache file larger than 64 MiB is not read", async () => {
    const env = cacheEnv();
    const { file, stdout } = await cachedRun(env);
    writeFileSync(file, Buffer.alloc(65 * 1024 * 1024));
    const run = await runWithin(15_000, VALIDATE, env);
    expect(run).toMatchObject({ code: 0, stdout, stderr: "" });
    expect(statSync(file).size).toBeLessThan(8 * 1024 * 1024);
  });
});
