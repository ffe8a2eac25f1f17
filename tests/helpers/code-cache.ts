// Pieces of the code cache's tests (tests/compile-cache*.test.ts): temporary cache and state
// folders, the files a run left, and V8 cached data made from another script of the program's
// length, which V8 itself accepts for the program (it checks only a header).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { BIN, ignoreClosedPipe, outcomeOf, spawnBaseEnv, tempConfigDir, type RunResult } from "./run.ts";

export const ROOT = new URL("../..", import.meta.url).pathname;
export const BUNDLE = join(ROOT, "dist", "connector.cjs");
/** What the planted script prints: seeing it means the cache ran someone else's code. */
export const PLANTED = "PLANTED CODE RAN";

export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile());
}

/** A cache folder that does not exist yet, in a fresh temporary folder. */
export function freshCacheDir(): string {
  return join(mkdtempSync(join(tmpdir(), "connector-cache-")), "cache");
}

/** An environment of its own: a new cache folder and a new state folder (so a new key). */
export function cacheEnv(): { CONNECTOR_CACHE_DIR: string; CONNECTOR_CONFIG_DIR: string } {
  return { CONNECTOR_CACHE_DIR: freshCacheDir(), CONNECTOR_CONFIG_DIR: tempConfigDir() };
}

/** The one cache file under `cacheDir`, and the label its seal binds it to (`<build folder>/<name>.bin`). */
export function onlyCacheFile(cacheDir: string): { file: string; label: string } {
  const files = filesUnder(cacheDir);
  if (files.length !== 1) throw new Error(`expected one cache file, found ${files.join(", ") || "none"}`);
  const file = files[0] as string;
  return { file, label: relative(join(cacheDir, "code"), file).split("\\").join("/") };
}

/**
 * V8 cached data compiled, under the V8 flags `flags`, from a script of the same length as the
 * wrapped bundle that prints PLANTED: what anyone who can write a cache file could leave there.
 */
export function plantedPayload(flags: string[] = ["--liftoff-only"]): Buffer {
  const out = join(mkdtempSync(join(tmpdir(), "connector-planted-")), "planted.bin");
  const maker = `
    const v8 = require("node:v8"); for (const flag of JSON.parse(process.argv[2])) v8.setFlagsFromString(flag);
    const fs = require("node:fs"), vm = require("node:vm"), Module = require("node:module");
    const source = fs.readFileSync(process.argv[1], "utf8");
    const head = 'process.stdout.write(${JSON.stringify(PLANTED)});//';
    const script = new vm.Script(Module.wrap(head + " ".repeat(source.length - head.length)), { filename: process.argv[1] });
    script.runInThisContext();
    fs.writeFileSync(process.argv[3], script.createCachedData());`;
  const made = spawnSync(process.execPath, ["-e", maker, BUNDLE, JSON.stringify(flags), out], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(made.stderr);
  return readFileSync(out);
}

/** Runs the built binary like runBinary, killed after `ms` (a run that hangs or spins ends with code -1). */
export function runWithin(ms: number, args: string[], env: NodeJS.ProcessEnv, entry: string = BIN): Promise<RunResult> {
  const child = spawn(process.execPath, [entry, ...args], { env: { ...spawnBaseEnv(), ...env }, stdio: ["pipe", "pipe", "pipe"], timeout: ms, killSignal: "SIGKILL" });
  ignoreClosedPipe(child.stdin);
  child.stdin.end();
  return outcomeOf(child);
}
