// @module-tag slow: npm pack and a global install of the tarball (npm test leaves it out; npm run test:all runs it)
// The package as users get it: `npm pack`, then a global install of that tarball into an empty
// prefix with the registry unreachable (offline, an empty npm cache, a registry URL on a closed
// loopback port). It must install exactly one package (the optional keychain module cannot be
// fetched), print no warning, and give a `connector` that runs the emulator, provisions, sends and
// logs in without that module.
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonOf, type RunResult } from "./helpers/run.ts";

const run = promisify(execFile);
const ROOT = new URL("..", import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), "connector-pack-"));
const prefix = join(work, "prefix");
/** npm without anything the test runner's own npm put in the environment, and no registry. */
const npmEnv = { PATH: process.env.PATH, HOME: work, npm_config_cache: join(work, "npm-cache"), npm_config_registry: "http://127.0.0.1:9/", npm_config_update_notifier: "false" };

interface PackedFile {
  path: string;
}
let packed: { filename: string; size: number; files: PackedFile[] };
let install: { stdout: string; stderr: string };

beforeAll(async () => {
  // The global set-up has built dist/ already; --ignore-scripts keeps prepack from rebuilding it
  // under the feet of the tests that run the binary at the same time.
  const pack = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: ROOT, env: npmEnv });
  packed = (JSON.parse(pack.stdout) as (typeof packed)[])[0] as typeof packed;
  install = await run("npm", ["install", "--global", "--prefix", prefix, "--offline", "--no-audit", "--no-fund", join(work, packed.filename)], { cwd: work, env: npmEnv });
}, 120_000);

describe("the packed tarball", () => {
  it("is under 400 kB, holds a LICENSE and the program, and no source map", () => {
    expect(packed.size).toBeLessThan(400_000);
    const paths = packed.files.map((file) => file.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "LICENSE",
        "README.md",
        "package.json",
        "bin/connector.js",
        "dist/connector.cjs",
        "dist/library.js",
        "dist/help.json",
        "dist/types/library.d.ts",
        "dist/types/errors.d.ts",
        // The docs' examples read these from the installed package (node_modules/open-connectors-sms/examples/).
        "examples/README.md",
        "examples/logto-twilio.json",
        "examples/instances/alpha.json",
        "examples/preflight/instance.json",
        "examples/batch/tenants.ndjson",
        "examples/batch/generate-tenants",
      ]),
    );
    expect(paths.filter((path) => path.endsWith(".map"))).toEqual([]);
    expect(paths.filter((path) => !/^(LICENSE|README\.md|package\.json|instance\.example\.json|bin\/|dist\/|docs\/|examples\/|schema\/)/.test(path))).toEqual([]);
  });

  it("every relative link of the README and of docs/ resolves inside the package (the README links into docs/)", () => {
    const paths = new Set(packed.files.map((file) => file.path));
    for (const page of [...paths].filter((path) => path.endsWith(".md"))) {
      const text = readFileSync(join(ROOT, page), "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (target === undefined || /^[a-z]+:/.test(target)) continue;
        const resolved = join(page, "..", target).replace(/\\/g, "/");
        expect(paths.has(resolved) || [...paths].some((path) => path.startsWith(`${resolved}/`)), `${page} links to ${target}`).toBe(true);
      }
    }
  });

  it("declares no required runtime dependency (the keychain's module is optional) and no install script", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      dependencies?: object;
      optionalDependencies?: object;
      scripts: Record<string, string>;
      bin: Record<string, string>;
    };
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(Object.keys(manifest.optionalDependencies ?? {})).toEqual(["@napi-rs/keyring"]);
    expect(Object.keys(manifest.scripts).filter((name) => ["preinstall", "install", "postinstall", "prepare"].includes(name))).toEqual([]);
    expect(manifest.bin).toEqual({ connector: "bin/connector.js" });
  });
});

describe("installed offline into an empty prefix", () => {
  it("installs exactly one package and prints no warning", () => {
    expect(install.stderr).toBe("");
    expect(install.stdout).toMatch(/added 1 package\b/);
    expect(readdirSync(join(prefix, "lib", "node_modules"))).toEqual([JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).name]);
  });

  it("gives TypeScript programs typed imports: provision, send and the error classes", async () => {
    const consumer = join(work, "consumer");
    const name = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string }).name;
    mkdirSync(join(consumer, "node_modules"), { recursive: true });
    symlinkSync(join(prefix, "lib", "node_modules", name), join(consumer, "node_modules", name));
    symlinkSync(join(ROOT, "node_modules", "@types"), join(consumer, "node_modules", "@types"));
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(
      join(consumer, "use.ts"),
      [
        `import { provision, send, ConfigError, exitCodeOf, type ProvisionResult } from "${name}";`,
        `const created: ProvisionResult = await provision({ name: "t1", configuration: { "messaging.sms.twilio.sender": "+15005550006" } }, { ifExists: "skip" });`,
        `const id: number = created.id;`,
        `const sid: string = (await send({ to: "+15005550006", template: "SignIn" })).sid;`,
        `const wrong: number = created.name; // must not compile: name is a string`,
        `try { await send({ to: "x" }); } catch (error) { if (error instanceof ConfigError) console.log(error.code, error.problems, exitCodeOf(error), id, sid, wrong); }`,
      ].join("\n"),
    );
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const checked = await run(process.execPath, [tsc, "--noEmit", "--strict", "--module", "nodenext", "--target", "es2022", "--types", "node", "use.ts"], { cwd: consumer }).then(
      () => "",
      (error: { stdout: string }) => error.stdout,
    );
    // Exactly the one deliberate mistake: the package's types resolved and were read.
    expect(checked.trim().split("\n")).toEqual([expect.stringMatching(/^use\.ts\(5,7\): error TS2322: Type 'string' is not assignable to type 'number'/)]);
  }, 120_000);

  describe("its connector", () => {
    let emulator: ReturnType<typeof spawn>;
    let url = "";
    const env = () => ({
      CONNECTOR_CONFIG_DIR: join(work, "config"),
      CONNECTOR_BASE_URL: url,
      CONNECTOR_USER_SECRET: "user-secret",
      CONNECTOR_ORG_SECRET: "org-secret",
      TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`,
      TWILIO_AUTH_TOKEN: "b".repeat(32),
    });
    beforeAll(async () => {
      emulator = spawn(join(prefix, "bin", "connector"), ["emulator", "--port", "0", "--json"], { env: { PATH: process.env.PATH }, stdio: ["ignore", "pipe", "pipe"] });
      url = await new Promise<string>((resolve, reject) => {
        let out = "";
        emulator.stdout?.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const line = out.split("\n")[0];
          if (out.includes("\n") && line) resolve((JSON.parse(line) as { url: string }).url);
        });
        emulator.on("exit", (code) => reject(new Error(`the emulator exited (${code})`)));
      });
    });
    afterAll(() => {
      emulator?.kill("SIGTERM");
    });

    const connector = (args: string[]): Promise<RunResult> =>
      run(join(prefix, "bin", "connector"), args, { env: { PATH: process.env.PATH, ...env() } }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
      );

    it("answers --version and --help from the files it ships", async () => {
      const version = await connector(["--version"]);
      expect(version).toMatchObject({ code: 0, stderr: "", stdout: `${(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version}\n` });
      const help = await connector(["provision", "--help"]);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toMatch(/^Usage: connector provision /);
    });

    it("provisions and sends through the emulator it serves", async () => {
      const provisioned = await connector(["provision", "--file", join(ROOT, "instance.example.json"), "--json"]);
      expect(provisioned.code, provisioned.stderr).toBe(0);
      expect(jsonOf(provisioned)).toMatchObject({ ok: true, name: "acme-sms", created: true });
      const sent = await connector(["send", "--to", "+15005550006", "--message", "hello", "--json"]);
      expect(sent.code, sent.stderr).toBe(0);
      expect(jsonOf(sent)).toMatchObject({ ok: true, to: "+15005550006" });
    });

    it("installed without its optional keychain module, login keeps the secrets in the 0600 file and says why, once", async () => {
      const login = await connector(["login", "--no-input", "--json"]);
      expect(login.code, login.stderr).toBe(0);
      expect(jsonOf(login)).toMatchObject({ ok: true, secretStore: "file" });
      expect(login.stderr.trim().split("\n")).toEqual([expect.stringMatching(/the optional module @napi-rs\/keyring is not installed.*--insecure-storage/)]);
    });
  });
});
