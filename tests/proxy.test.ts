// Behind a proxy: HTTPS_PROXY, HTTP_PROXY and NO_PROXY in either case, through a real proxy
// the test starts on loopback, with the built binary (the proxy settings come from the environment the command was given).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.ts";
import { ORG_SECRET, USER_SECRET, platformEnv } from "./helpers/platform.ts";
import { startForwarder, startProxy, startTlsFront, TEST_CA, type TestProxy } from "./helpers/proxy.ts";
import { jsonOf, runBinary, runInProcess, tempConfigDir } from "./helpers/run.ts";

const API = "/elements/api-v2";
let emulator: RunningEmulator;
let proxy: TestProxy;
let tls: { port: number; close(): Promise<void> };
let other: { port: number; close(): Promise<void> };

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  const emulatorPort = Number(new URL(emulator.url).port);
  tls = await startTlsFront(emulatorPort);
  other = await startForwarder("127.0.0.2", emulatorPort);
  const loopback = (port: number) => ({ host: "127.0.0.1", port });
  proxy = await startProxy({
    "platform.test:443": loopback(tls.port),
    "platform.test:80": loopback(emulatorPort),
    [`127.0.0.2:${other.port}`]: { host: "127.0.0.2", port: other.port },
    "dropped.test:443": "drop",
  });
});
afterAll(async () => {
  await Promise.all([proxy.close(), tls.close(), other.close(), emulator.close()]);
});

/** `instances list --remote` (one GET /instances) against `baseUrl`, with `env` added. */
async function listRemote(baseUrl: string, env: NodeJS.ProcessEnv) {
  proxy.seen.length = 0;
  const result = await runBinary(["instances", "list", "--remote", "--json", "--retries", "0"], platformEnv(baseUrl, env));
  if (result.code === 1) console.error(result.stdout, result.stderr);
  return result;
}

describe("behind a proxy", () => {
  for (const name of ["HTTPS_PROXY", "https_proxy"]) {
    it(`${name} carries https: requests through a CONNECT tunnel, trusting NODE_EXTRA_CA_CERTS`, async () => {
      const result = await listRemote(`https://platform.test${API}`, { [name]: proxy.url, NODE_EXTRA_CA_CERTS: TEST_CA });
      expect(result.code, result.stderr).toBe(0);
      expect(jsonOf(result).ok).toBe(true);
      expect(proxy.seen).toEqual(["CONNECT platform.test:443"]);
    });
  }

  for (const name of ["HTTP_PROXY", "http_proxy"]) {
    it(`${name} carries http: requests`, async () => {
      const result = await listRemote(`http://platform.test${API}`, { [name]: proxy.url });
      expect(result.code, result.stderr).toBe(0);
      expect(proxy.seen).toEqual(["CONNECT platform.test:80"]);
    });
  }

  it("NO_PROXY (or no_proxy) sends a listed host direct; unlisted, the same host goes through the proxy", async () => {
    const base = `http://127.0.0.2:${other.port}${API}`;
    expect((await listRemote(base, { HTTP_PROXY: proxy.url })).code).toBe(0);
    expect(proxy.seen).toEqual([`CONNECT 127.0.0.2:${other.port}`]);
    for (const name of ["NO_PROXY", "no_proxy"]) {
      const direct = await listRemote(base, { HTTP_PROXY: proxy.url, [name]: "example.com,127.0.0.2" });
      expect(direct.code, direct.stderr).toBe(0);
      expect(proxy.seen).toEqual([]);
    }
  });

  it("never sends loopback (the emulator) through a proxy, even one that is down", async () => {
    const result = await listRemote(emulator.url, { HTTP_PROXY: "http://127.0.0.1:9", HTTPS_PROXY: "http://127.0.0.1:9" });
    expect(result.code, result.stderr).toBe(0);
  });

  it("a proxy that is down is reported as a proxy failure, exit 6", async () => {
    const result = await listRemote(`https://platform.test${API}`, { HTTPS_PROXY: "http://127.0.0.1:9" });
    expect(result.code).toBe(6);
    expect(jsonOf(result).error.kind).toBe("proxy");
    expect(jsonOf(result).error.message).toContain("HTTPS_PROXY");
  });

  it("a proxy that drops the tunnel unanswered fails at once as a proxy failure (undici 7 would loop forever)", async () => {
    const result = await listRemote(`https://dropped.test${API}`, { HTTPS_PROXY: proxy.url });
    expect(result.code).toBe(6);
    expect(jsonOf(result).error.kind).toBe("proxy");
    expect(proxy.seen.length).toBeLessThan(5);
  });

  it("an intercepting proxy's certificate, not trusted, fails with a hint naming NODE_EXTRA_CA_CERTS", async () => {
    const result = await listRemote(`https://platform.test${API}`, { HTTPS_PROXY: proxy.url });
    expect(result.code).toBe(6);
    expect(jsonOf(result).error.kind).toBe("tls");
    expect(jsonOf(result).error.message).toContain("NODE_EXTRA_CA_CERTS");
  });
});

describe("proxies come from the command's environment, not the process's", () => {
  it("in-process, HTTP_PROXY given to main() routes the request through the proxy (process.env has none)", async () => {
    expect(process.env.HTTP_PROXY ?? process.env.http_proxy).toBeUndefined();
    proxy.seen.length = 0;
    const result = await runInProcess(["instances", "list", "--remote", "--json", "--retries", "0"], {
      CONNECTOR_CONFIG_DIR: tempConfigDir(),
      CONNECTOR_BASE_URL: `http://platform.test${API}`,
      CONNECTOR_USER_SECRET: USER_SECRET,
      CONNECTOR_ORG_SECRET: ORG_SECRET,
      HTTP_PROXY: proxy.url,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf(result).ok).toBe(true);
    expect(proxy.seen.join("\n")).toContain("platform.test:80");
  });
});
