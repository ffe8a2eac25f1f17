// The emulator's memory: instances persisted to a state file (0600, written atomically,
// read back at start), and bounded records so that a flood of requests cannot grow it.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { connect } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../src/errors.ts";
import { MAX_RECORDED_REQUESTS, startEmulator } from "../src/emulator/index.ts";
import type { RunningEmulator } from "../src/emulator/index.ts";

const AUTH = { Authorization: "User u, Organization o", "Content-Type": "application/json" };
const SECRET = "fedcba9876543210fedcba9876543210";
const CONFIGURATION = {
  "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef",
  "messaging.sms.twilio.token": SECRET,
  "messaging.sms.twilio.sender": "+15005550006",
};

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function start(statePath?: string): Promise<RunningEmulator> {
  const emulator = await startEmulator(statePath ? { statePath } : {});
  running.push(emulator);
  return emulator;
}

async function create(emulator: RunningEmulator, name: string): Promise<{ id: number; token: string }> {
  const response = await fetch(`${emulator.url}/instances`, {
    method: "POST",
    headers: AUTH,
    body: JSON.stringify({ element: { key: "twilio" }, name, tags: ["t"], configuration: CONFIGURATION }),
  });
  return (await response.json()) as { id: number; token: string };
}

/** Sends raw HTTP/1.1 requests pipelined on one connection; resolves once each is answered. */
function sendPipelined(port: number, requests: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(requests.join("")));
    let answered = 0;
    let tail = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      const text = tail + chunk;
      answered += text.split("HTTP/1.1 ").length - 1; // any status: an empty list is a 404
      tail = text.slice(-20);
      if (answered >= requests.length) {
        socket.destroy();
        resolve();
      }
    });
    socket.on("error", reject);
    socket.on("close", () => (answered >= requests.length ? resolve() : reject(new Error(`only ${answered} answers`))));
  });
}

function stateDir(): string {
  return mkdtempSync(join(tmpdir(), "connector-emulator-"));
}

describe("emulator state file", () => {
  it("is written with mode 0600 by the time a creation is answered, in a directory it creates", async () => {
    const path = join(stateDir(), "nested", "state.json");
    const emulator = await start(path);
    await create(emulator, "kept");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(path, "utf8")) as { instances: { name: string; configuration: Record<string, string> }[] };
    expect(stored.instances.map((i) => i.name)).toEqual(["kept"]);
    expect(stored.instances[0]?.configuration["messaging.sms.twilio.token"]).toBe(SECRET);
  });

  it("brings back instances, tokens and the next id after a restart, and reflects deletes", async () => {
    const path = join(stateDir(), "state.json");
    const first = await start(path);
    const a = await create(first, "a");
    const b = await create(first, "b");
    await fetch(`${first.url}/instances/${a.id}`, { method: "DELETE", headers: AUTH });
    await first.close();
    running.splice(running.indexOf(first), 1);

    const second = await start(path);
    const listed = (await (await fetch(`${second.url}/instances`, { headers: AUTH })).json()) as { id: number; token: string }[];
    expect(listed.map((i) => [i.id, i.token])).toEqual([[b.id, b.token]]);
    const c = await create(second, "c");
    expect(c.id).toBe(b.id + 1);
  });

  it("leaves no temporary file behind after many concurrent changes", async () => {
    const dir = stateDir();
    const emulator = await start(join(dir, "state.json"));
    await Promise.all(Array.from({ length: 40 }, (_, i) => create(emulator, `n${i}`)));
    await emulator.close();
    running.splice(0);
    expect(readdirSync(dir)).toEqual(["state.json"]);
    const stored = JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as { instances: unknown[] };
    expect(stored.instances).toHaveLength(40);
  });

  it("refuses to start on a state file that is not emulator state, with a ConfigError", async () => {
    const path = join(stateDir(), "state.json");
    writeFileSync(path, "{broken");
    await expect(startEmulator({ statePath: path })).rejects.toBeInstanceOf(ConfigError);
    writeFileSync(path, JSON.stringify({ instances: [{ id: "x" }] }));
    await expect(startEmulator({ statePath: path })).rejects.toThrow(/does not hold emulator state/);
  });

  it("writes nothing anywhere without a state path", async () => {
    const emulator = await start();
    await create(emulator, "memory-only");
    expect(emulator.instances().map((i) => i.name)).toEqual(["memory-only"]);
  });
});

describe("emulator bounds", () => {
  it(`keeps only the last ${MAX_RECORDED_REQUESTS} recorded requests`, async () => {
    const emulator = await start();
    const total = MAX_RECORDED_REQUESTS + 25;
    await sendPipelined(
      emulator.port,
      Array.from({ length: total }, (_, i) => `GET /elements/api-v2/instances?n=${i} HTTP/1.1\r\nHost: x\r\nAuthorization: User u, Organization o\r\n\r\n`),
    );
    expect(emulator.requests).toHaveLength(MAX_RECORDED_REQUESTS);
    expect(emulator.requests[0]?.query).toBe("n=25");
    expect(emulator.requests.at(-1)?.query).toBe(`n=${total - 1}`);
  });

  it("refuses a body over 1 MiB with 413", async () => {
    const emulator = await start();
    const response = await fetch(`${emulator.url}/instances`, { method: "POST", headers: AUTH, body: "x".repeat(1024 * 1024 + 1) });
    expect(response.status).toBe(413);
    expect(response.headers.get("elements-request-id")).toMatch(/^[0-9a-f]{24}$/);
  });
});
