// The pieces of the keychain tests' world, all real: the gnome-keyring daemon of the private
// D-Bus session that scripts/test-keychain.sh started (locked or unlocked on demand), secret-tool
// to look behind connector's back, a second bus with no Secret Service on it, and an X display.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const work = process.env.KEYCHAIN_TEST_WORK ?? "/tmp";
/** The displays and buses the tests started. */
const servers = new Set<ChildProcess>();

/** True inside scripts/test-keychain.sh's session; the tests skip (and say so) elsewhere. */
export const IN_SESSION = process.env.CONNECTOR_KEYCHAIN_SESSION === "1";

/** The session's own variables, for the binaries the tests spawn. */
export function sessionEnv(): NodeJS.ProcessEnv {
  return { HOME: process.env.HOME, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR, DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS };
}

function hasSecretsOwner(env: NodeJS.ProcessEnv = process.env): boolean {
  const reply = spawnSync("dbus-send", ["--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets"], {
    env,
    encoding: "utf8",
  });
  return reply.stdout.includes("boolean true");
}

/**
 * Replaces the keyring daemon: unlocked with the run's password, or locked (started without it:
 * the way to lock it that never hangs, unlike `secret-tool lock`). `display` is the one its
 * unlock prompt would appear on.
 */
export async function restartKeyring(options: { unlocked: boolean; display?: string }): Promise<void> {
  const env = { ...process.env, ...(options.display ? { DISPLAY: options.display } : {}) };
  if (options.display) spawnSync("dbus-update-activation-environment", [`DISPLAY=${options.display}`], { env });
  const args = ["--replace", "--daemonize", "--components=secrets", ...(options.unlocked ? ["--unlock"] : [])];
  spawnSync("gnome-keyring-daemon", args, { env, input: options.unlocked ? process.env.KEYCHAIN_TEST_PASSWORD : "", stdio: ["pipe", "ignore", "ignore"] });
  for (let i = 0; i < 100 && !hasSecretsOwner(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** `secret-tool lookup service connector username <account>`: the stored value, or null. */
export function lookup(account: string): string | null {
  const result = spawnSync("secret-tool", ["lookup", "service", "connector", "username", account], { env: process.env, encoding: "utf8", timeout: 10_000 });
  return result.status === 0 ? result.stdout : null;
}

/** `secret-tool clear ...`: removes one entry, as another program (or the user) might. */
export function clear(account: string): void {
  spawnSync("secret-tool", ["clear", "service", "connector", "username", account], { env: process.env, timeout: 10_000 });
}

/** A D-Bus session bus with no service files and no Secret Service on it; its address, and a stop. */
export async function busWithoutProvider(): Promise<{ address: string; stop: () => void }> {
  const dir = mkdtempSync(join(work, "bare-bus-"));
  const config = join(dir, "bus.conf");
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:dir=${dir}</listen>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`,
  );
  const daemon = spawn("dbus-daemon", [`--config-file=${config}`, "--nofork", "--print-address=1"], { stdio: ["ignore", "pipe", "ignore"] });
  servers.add(daemon);
  const address = await new Promise<string>((resolve, reject) => {
    let text = "";
    daemon.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("\n")) resolve(text.trim());
    });
    daemon.once("exit", () => reject(new Error("dbus-daemon ended before printing its address")));
  });
  return { address, stop: () => daemon.kill() };
}

/** Stops every display and bus a test started, even one whose test timed out before its `finally`. */
export function stopAll(): void {
  for (const server of servers) server.kill();
  servers.clear();
}

/** An X display (Xvfb) where the keyring's unlock prompt opens and waits for a password no one types. */
export async function startDisplay(number: number): Promise<{ display: string; stop: () => void }> {
  const server: ChildProcess = spawn("Xvfb", [`:${number}`, "-nolisten", "tcp"], { stdio: "ignore" });
  servers.add(server);
  const display = `:${number}`;
  for (let i = 0; i < 50; i++) {
    if (spawnSync("sh", ["-c", `test -e /tmp/.X11-unix/X${number}`]).status === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { display, stop: () => server.kill() };
}

/** Processes still running the keychain helper (`node -e` with runKeychainOps): none once a command has ended. */
export function keychainHelpers(): number {
  const result = spawnSync("pgrep", ["-f", "runKeychainOps"], { encoding: "utf8" });
  return result.stdout.split("\n").filter(Boolean).length;
}
