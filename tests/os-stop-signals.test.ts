// The signals that stop a run (src/os/stop-signals.ts): on Windows Ctrl-C (SIGINT) and
// Ctrl-Break (SIGBREAK), since SIGTERM never arrives there; elsewhere SIGINT and SIGTERM. The
// handlers are tested in-process by emitting the signal (the OS is faked, src/os/host.ts); the
// real keypress in a Windows console is left to the workflow's Windows leg (docs/windows.md).
import { afterEach, describe, expect, test, vi } from "vitest";
import { describeStop, stopSignals } from "../src/os/stop-signals.ts";
import { useTestServers } from "./helpers/http-server.ts";
import { entryFlags, ORG_SECRET, USER_SECRET } from "./helpers/platform.ts";
import { runInProcess, tempConfigDir } from "./helpers/run.ts";
import { freePort } from "./helpers/doc-walk.ts";

const host = vi.hoisted(() => ({ os: "linux" as "windows" | "linux" }));
vi.mock("../src/os/host.ts", () => ({ hostOs: () => host.os, isWindows: () => host.os === "windows" }));
afterEach(() => {
  host.os = "linux";
});

const { startServer } = useTestServers();

test("Windows stops on SIGINT and SIGBREAK, elsewhere on SIGINT and SIGTERM", () => {
  expect(stopSignals("windows")).toEqual(["SIGINT", "SIGBREAK"]);
  expect(stopSignals("linux")).toEqual(["SIGINT", "SIGTERM"]);
  expect(stopSignals("macos")).toEqual(["SIGINT", "SIGTERM"]);
  expect(describeStop("SIGBREAK")).toBe("Interrupted (Ctrl-Break).");
});

describe.each([
  ["windows", "SIGBREAK"],
  ["windows", "SIGINT"],
  ["linux", "SIGTERM"],
] as const)("%s, %s", (osName, signal) => {
  test("interrupts a provision waiting for the platform: exit 130, nothing stored", async () => {
    host.os = osName;
    let arrived: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => (arrived = resolve));
    const platform = await startServer(() => arrived()); // never answers
    const env = {
      CONNECTOR_BASE_URL: platform.base,
      CONNECTOR_USER_SECRET: USER_SECRET,
      CONNECTOR_ORG_SECRET: ORG_SECRET,
      TWILIO_AUTH_TOKEN: "5f4dcc3b5aa765d61d8327deb882cf99",
      CONNECTOR_CONFIG_DIR: tempConfigDir(),
    };
    const run = runInProcess(["provision", ...entryFlags("stopped-sms"), "--no-input"], env);
    await waiting;
    process.emit(signal, signal);
    const result = await run;
    expect(result.stderr).toContain("Interrupted during GET");
    expect(result.code).toBe(130);
  });

  test("stops the emulator: exit 0", async () => {
    host.os = osName;
    const port = await freePort();
    const run = runInProcess(["emulator", "--port", String(port)], {});
    await untilAnswering(`http://127.0.0.1:${port}/elements/api-v2/instances`);
    process.emit(signal, signal);
    expect((await run).code).toBe(0);
  });
});

test("Linux does not take SIGBREAK for a stop (it is Windows' Ctrl-Break)", async () => {
  const port = await freePort();
  const run = runInProcess(["emulator", "--port", String(port)], {});
  await untilAnswering(`http://127.0.0.1:${port}/elements/api-v2/instances`);
  expect(process.listenerCount("SIGBREAK")).toBe(0);
  process.emit("SIGINT", "SIGINT");
  expect((await run).code).toBe(0);
});

async function untilAnswering(url: string): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${url} never answered`);
}
