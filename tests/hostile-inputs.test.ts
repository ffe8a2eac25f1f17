// Hostile inputs that used to crash (exit 1) or hang: prototype keys, malformed proxy variables,
// out-of-range deadlines, endless or huge inputs and answers, FIFOs, and an unending list of pages.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../src/emulator/index.ts";
import { MAX_RECORDED_BYTES } from "../src/emulator/server.ts";
import { ACCOUNT_SID, AUTH_TOKEN, entryFlags, platformEnv } from "./helpers/platform.ts";
import { BIN, jsonOf, runBinary, runInProcess, tempConfigDir } from "./helpers/run.ts";
import { useTestServers } from "./helpers/http-server.ts";

const { startServer, afterThisTest } = useTestServers();
const PROTO_KEYS = ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"];

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "connector-hostile-"));
}

function secretsFor(base: string): NodeJS.ProcessEnv {
  return platformEnv(base, { TWILIO_AUTH_TOKEN: AUTH_TOKEN, CONNECTOR_RETRIES: "0" });
}

describe("crashes", () => {
  it("configuration keys named like Object.prototype's members, in a file or --config, are ordinary entries; ${__proto__} is an unset variable", async () => {
    const dir = scratch();
    const configuration = Object.fromEntries([...PROTO_KEYS.map((key) => [key, `file-${key}`]), ["messaging.sms.twilio.token", "${__proto__}"]]);
    // JSON.stringify of an object literal drops a `__proto__` own key; write it by hand.
    const text = JSON.stringify({ name: "proto", configuration }).replace('"configuration":{', '"configuration":{"__proto__":"file-__proto__",');
    writeFileSync(join(dir, "proto.json"), text);
    const config = PROTO_KEYS.flatMap((key) => ["--config", `${key}=flag-${key}`]);
    const run = await runInProcess(["provision", "--file", join(dir, "proto.json"), "--account-sid", ACCOUNT_SID, "--sender", "+15005550006", ...config, "--dry-run", "--json"], {
      CONNECTOR_CONFIG_DIR: tempConfigDir(),
    });
    expect(run.code, run.stdout).toBe(3);
    expect(run.stdout).not.toMatch(/is not a function|Unexpected error/);
    const problems = jsonOf(run).error.problems as { key: string; message: string }[];
    expect(problems.find((p) => p.key === "messaging.sms.twilio.token")?.message).toContain("${__proto__}, which is not set");
    const good = await runInProcess(["provision", "--file", join(dir, "proto.json"), ...entryFlags("proto"), ...config, "--dry-run", "--json"], {
      CONNECTOR_CONFIG_DIR: tempConfigDir(),
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    });
    expect(good.code, good.stdout).toBe(0);
    const sent = JSON.parse(good.stdout.trim()) as { request: { body: { configuration: Record<string, string> } } };
    const keys = Object.keys(sent.request.body.configuration);
    for (const key of PROTO_KEYS) expect(keys).toContain(key);
    expect(Object.getOwnPropertyDescriptor(sent.request.body.configuration, "toString")?.value).toBe("flag-toString");
  });

  it("a malformed HTTPS_PROXY or HTTP_PROXY is a usage error (exit 2) naming the variable, also for loopback and doctor", async () => {
    const platform = await startEmulator({ port: 0 });
    afterThisTest(() => platform.close());
    for (const [name, value] of [
      ["HTTPS_PROXY", "http://proxy:99999"],
      ["HTTP_PROXY", "proxy.example:8080"],
      ["https_proxy", "http://:secret-pw@/"],
    ] as const) {
      for (const args of [["instances", "list", "--remote"], ["doctor"]]) {
        const run = await runBinary([...args, "--json"], { ...secretsFor(platform.url), [name]: value });
        expect(run.code, run.stdout + run.stderr).toBe(2);
        expect(jsonOf(run).error.message).toContain(`${name}=`);
        expect(run.stdout).not.toContain("secret-pw");
      }
    }
    expect(platform.requests).toHaveLength(0);
  });

  it("--timeout out of Node's timer range is a usage error (exit 2)", async () => {
    for (const value of ["4294968", "2147484", "0", "-1", "1e400"]) {
      const run = await runInProcess(["instances", "list", "--remote", "--timeout", value, "--json"], secretsFor("http://127.0.0.1:9/elements/api-v2"));
      expect(run.code, `${value}: ${run.stdout}`).toBe(2);
      expect(jsonOf(run).error.code).toBe("usage");
    }
  });

  it("provision --batch /dev/zero ends with a clear error for that line, not a stack trace", async () => {
    const platform = await startEmulator({ port: 0 });
    afterThisTest(() => platform.close());
    const run = await runBinary(["provision", "--batch", "/dev/zero", "--json"], secretsFor(platform.url));
    expect(run.code, run.stdout + run.stderr).toBe(3); // that item is invalid, as a batch reports one
    expect(platform.requests.filter((request) => request.method === "POST")).toHaveLength(0);
    expect(run.stdout + run.stderr).toContain("longer than 10 MiB without a line break");
    expect(run.stdout + run.stderr).not.toMatch(/RangeError|\n\s+at /);
  }, 60_000);

  it("the emulator's request log is bounded by bytes: 1 MB POSTs never keep more than MAX_RECORDED_BYTES", async () => {
    const platform = await startEmulator({ port: 0 });
    afterThisTest(() => platform.close());
    const body = "x".repeat(1_000_000);
    const count = Math.ceil(MAX_RECORDED_BYTES / body.length) + 8;
    for (let i = 0; i < count; i++) await fetch(`${platform.url}/instances`, { method: "POST", body });
    const kept = platform.requests.reduce((sum, request) => sum + request.body.length, 0);
    expect(kept).toBeLessThanOrEqual(MAX_RECORDED_BYTES);
    expect(platform.requests.length).toBeGreaterThan(1);
    expect(platform.requests.length).toBeLessThan(count);
  }, 60_000);
});

describe("hangs", () => {
  it("an endless answer stops at the cap: exit 5 naming it", async () => {
    const server = await startServer((_seen, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    const run = await runInProcess(["instances", "list", "--remote", "--json"], secretsFor(server.base));
    expect(run.code, run.stdout).toBe(5);
    expect(jsonOf(run).error.message).toContain("larger than 4 MiB");
  }, 60_000);

  it(
    "a platform sending instances and a new (or a repeated) Elements-Next-Page-Token forever is stopped with exit 5, for instances list --remote and provision",
    { tags: ["slow"], timeout: 60_000 },
    async () => {
      // (An empty page ends a list: the platform's page-counter token is on every page, the last included.)
      for (const fresh of [true, false]) {
        let page = 0;
        const server = await startServer(({ method }, res) => {
          if (method !== "GET") return void res.writeHead(500).end();
          page++;
          res.writeHead(200, { "Content-Type": "application/json", "Elements-Next-Page-Token": fresh ? `page-${page}` : "same" });
          res.end(JSON.stringify([{ id: page, name: `other-${page}`, token: `token-${page}-0123456789`, element: { key: "twilio" } }]));
        });
        for (const args of [
          ["instances", "list", "--remote"],
          ["provision", ...entryFlags("paged")],
        ]) {
          const run = await runInProcess([...args, "--json"], secretsFor(server.base));
          expect(run.code, run.stdout).toBe(5);
          expect(jsonOf(run).error.message).toContain("does not end");
        }
        expect(server.seen.every((seen) => seen.method === "GET")).toBe(true); // nothing was created
      }
    },
  );

  it("900,000 tags (an 8.9 MB file) are read in linear time and refused by a sane limit", { tags: ["slow"], timeout: 60_000 }, async () => {
    const dir = scratch();
    const tags = Array.from({ length: 900_000 }, (_, i) => `t${i}`);
    writeFileSync(join(dir, "tags.json"), JSON.stringify({ name: "tags", tags, configuration: {} }));
    const run = await runBinary(["validate", "--file", join(dir, "tags.json"), ...entryFlags("tags"), "--json"], { CONNECTOR_CONFIG_DIR: tempConfigDir(), TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    expect(run.code, run.stdout).toBe(3);
    expect(JSON.stringify(jsonOf(run).error.problems)).toContain("more than the 1000");
  });

  it("a FIFO as --file, or inside a --file directory, is refused instead of read forever", async () => {
    const dir = scratch();
    execFileSync("mkfifo", [join(dir, "fifo.json")]);
    const single = await runBinary(["validate", "--file", join(dir, "fifo.json"), "--json"], { CONNECTOR_CONFIG_DIR: tempConfigDir() });
    expect(single.code, single.stdout).toBe(3);
    expect(jsonOf(single).error.message).toContain("not a regular file");
    mkdirSync(join(dir, "batch"));
    execFileSync("mkfifo", [join(dir, "batch", "a.json")]);
    const platform = await startEmulator({ port: 0 });
    afterThisTest(() => platform.close());
    const batch = await runBinary(["provision", "--file", join(dir, "batch"), "--dry-run", "--json"], secretsFor(platform.url));
    expect(batch.stdout + batch.stderr).toContain("not a regular file");
  }, 60_000);

  for (const args of [
    ["validate", "--file", "-"],
    ["provision", "--batch", "-", "--dry-run"],
  ]) {
    // A real 1.5 s at the prompt-less wait before the signal.
    it(`waiting on stdin (${args.join(" ")}), the first Ctrl-C ends the run with exit 130`, { tags: ["slow"], timeout: 30_000 }, async () => {
      const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...secretsFor("http://127.0.0.1:9/elements/api-v2") }, stdio: ["pipe", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      // The program is waiting on stdin once it has read the first part of a line.
      child.stdin.write(args.includes("--batch") ? '{"name":"a"' : "{");
      await new Promise((resolve) => setTimeout(resolve, 1500));
      child.kill("SIGINT");
      const code = await new Promise<number | null>((resolve) => child.on("close", (exit) => resolve(exit)));
      expect(code, stderr).toBe(130);
      child.stdin.destroy();
    });
  }
});
