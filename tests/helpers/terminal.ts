// A real pseudo-terminal for tests: tmux (Debian's package) runs the built binary in a detached
// session on its own socket; tests type with send-keys and read the screen with capture-pane.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN } from "./run.ts";

/** True when tmux can be run here (.ci/run installs it; a fresh machine may lack it). */
export const HAS_TMUX = spawnSync("tmux", ["-V"]).status === 0;

export interface Terminal {
  /** Types keys: literal text, or tmux key names such as Enter, Down, C-c. */
  keys(...keys: string[]): void;
  /** The visible screen, trailing blank lines dropped. */
  screen(): string;
  /** Waits until the screen shows `text` (a string or pattern); throws with the screen after `ms`. */
  waitFor(text: string | RegExp, ms?: number): Promise<string>;
  /** Waits for the program to end and returns its exit code. */
  exitCode(ms?: number): Promise<number>;
  close(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `connector <args>` in an 100x40 terminal with exactly `env` (plus PATH, HOME, TERM). */
export function openTerminal(args: string[], env: NodeJS.ProcessEnv): Terminal {
  return openCommandTerminal(`${shellQuote(process.execPath)} ${shellQuote(BIN)} ${args.map(shellQuote).join(" ")}`, env);
}

/** Runs `script` with `bash -o pipefail -c` in directory `cwd`, in a terminal as openTerminal does: a command line as a user types it. */
export function openShellTerminal(script: string, env: NodeJS.ProcessEnv, cwd: string): Terminal {
  return openCommandTerminal(`bash -o pipefail -c ${shellQuote(script)}`, env, cwd);
}

/** `commandLine` (quoted for sh) run with exactly `env`, from `cwd` when given, in a detached tmux session. */
function openCommandTerminal(commandLine: string, env: NodeJS.ProcessEnv, cwd?: string): Terminal {
  const dir = mkdtempSync(join(tmpdir(), "connector-tty-"));
  const socket = join(dir, "tmux.sock");
  const codeFile = join(dir, "exit-code");
  const vars = Object.entries({ PATH: process.env.PATH, HOME: dir, TERM: "xterm-256color", CONNECTOR_CREDENTIAL_STORE: "file", ...env }).map(([k, v]) => `${k}=${shellQuote(v ?? "")}`);
  const command = `${cwd === undefined ? "" : `cd ${shellQuote(cwd)} && `}env -i ${vars.join(" ")} ${commandLine}; echo $? > ${shellQuote(codeFile)}; sleep 60`;
  const tmux = (...rest: string[]) => execFileSync("tmux", ["-S", socket, ...rest], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  tmux("-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "40", "sh", "-c", command);
  const screen = () => tmux("capture-pane", "-p").replace(/\s+$/, "");
  return {
    keys: (...keys) => void tmux("send-keys", ...keys),
    screen,
    async waitFor(text, ms = 8_000) {
      const until = Date.now() + ms;
      for (;;) {
        const shown = screen();
        if (typeof text === "string" ? shown.includes(text) : text.test(shown)) return shown;
        if (Date.now() > until) throw new Error(`the terminal never showed ${String(text)}; it shows:\n${shown}`);
        await sleep(50);
      }
    },
    async exitCode(ms = 8_000) {
      const until = Date.now() + ms;
      while (!existsSync(codeFile) || readFileSync(codeFile, "utf8").trim() === "") {
        if (Date.now() > until) throw new Error(`the program did not end; the terminal shows:\n${screen()}`);
        await sleep(50);
      }
      return Number(readFileSync(codeFile, "utf8").trim());
    },
    close: () => void spawnSync("tmux", ["-S", socket, "kill-server"]),
  };
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
