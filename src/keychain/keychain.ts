// The profile secrets' entries in the OS keychain: service `connector`, one entry per secret,
// accounts `<profile>:user-secret` and `<profile>:org-secret` (so that on Linux
// `secret-tool lookup service connector username default:user-secret` reads one). Calls run in
// this process where they fail or answer at once, in a child killed on a timeout where they can
// block (a display or macOS: src/keychain/child.ts).
import { hostOs, type HostOs } from "../os/host.ts";
import { createRequire } from "node:module";
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import { registerSecret } from "../secrets.ts";
import { KeychainUnavailable, reasonOf } from "./failure.ts";
import { runKeychainOps, type KeychainAnswer, type KeychainOp, type KeychainReply } from "./operations.ts";

export const KEYCHAIN_SERVICE = "connector";
const MODULE = "@napi-rs/keyring";
const DEFAULT_TIMEOUT_SECONDS = 60;
/** An account no profile can have (a profile name starts with a letter or digit): asked for to see whether a keychain answers. */
const PROBE_ACCOUNT = ":probe";

export interface KeychainAccess {
  /** The command's environment: CONNECTOR_KEYCHAIN_TIMEOUT, and the child's D-Bus address and display. */
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  os?: HostOs;
}

export interface ProfileSecrets {
  userSecret: string;
  orgSecret: string;
}

/** The two accounts of a profile, in the order user, organization. */
export function accountsOf(profile: string): { userSecret: string; orgSecret: string } {
  return { userSecret: `${profile}:user-secret`, orgSecret: `${profile}:org-secret` };
}

/** True where a keychain call can wait for a person (a prompt on a display): there it runs in a child. */
export function callsCanBlock(env: NodeJS.ProcessEnv, osName: HostOs = hostOs()): boolean {
  if (osName === "macos") return true;
  if (osName === "windows") return false;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** CONNECTOR_KEYCHAIN_TIMEOUT in milliseconds (default 60 s). */
export function keychainTimeoutMs(env: NodeJS.ProcessEnv): number {
  const raw = env.CONNECTOR_KEYCHAIN_TIMEOUT;
  if (raw === undefined || raw === "") return DEFAULT_TIMEOUT_SECONDS * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400)
    throw new UsageError(`CONNECTOR_KEYCHAIN_TIMEOUT=${raw} is not a number of seconds from 0 to 86400.`, "For example: CONNECTOR_KEYCHAIN_TIMEOUT=120");
  return Math.round(seconds * 1000);
}

/**
 * Where @napi-rs/keyring is found from: this bundle (dist/connector.cjs, which every shipped
 * entry runs), or, run from source (tests), the project in the working directory.
 */
function requireFromHere(): NodeJS.Require {
  return createRequire(typeof __filename === "string" ? __filename : join(process.cwd(), "package.json"));
}

/** Runs `ops`, in this process or in a child; throws KeychainUnavailable when the module cannot load, CliError "timeout" when a child does not answer. */
async function call(access: KeychainAccess, ops: KeychainOp[]): Promise<KeychainAnswer[]> {
  const osName = access.os ?? hostOs();
  let reply: KeychainReply;
  if (callsCanBlock(access.env, osName)) {
    let modulePath: string;
    try {
      modulePath = requireFromHere().resolve(MODULE);
    } catch (error) {
      throw new KeychainUnavailable(reasonOf({ message: (error as Error).message, code: (error as { code?: string }).code, causes: [] }, osName));
    }
    const { runInChild } = await import("./child.ts");
    reply = await runInChild(modulePath, KEYCHAIN_SERVICE, ops, { env: access.env, timeoutMs: keychainTimeoutMs(access.env), signal: access.signal });
  } else {
    reply = runKeychainOps(() => requireFromHere()(MODULE), KEYCHAIN_SERVICE, ops);
  }
  if ("loadFault" in reply) throw new KeychainUnavailable(reasonOf(reply.loadFault, osName));
  const failed = reply.answers.find((answer) => !answer.ok);
  if (failed && !failed.ok) throw new KeychainUnavailable(reasonOf(failed.fault, osName));
  return reply.answers;
}

const valueOf = (answer: KeychainAnswer | undefined): unknown => (answer?.ok ? answer.value : undefined);

/** The profile's secrets in the keychain (null for an entry that is not there), registered as secrets. */
export async function readProfileSecrets(access: KeychainAccess, profile: string): Promise<{ userSecret: string | null; orgSecret: string | null }> {
  const accounts = accountsOf(profile);
  const [user, org] = await call(access, [
    { op: "get", account: accounts.userSecret },
    { op: "get", account: accounts.orgSecret },
  ]);
  const text = (answer: KeychainAnswer | undefined) => {
    const value = valueOf(answer);
    return typeof value === "string" && value !== "" ? registerSecret(value) : null;
  };
  return { userSecret: text(user), orgSecret: text(org) };
}

/** Writes both secrets and reads them back; throws KeychainUnavailable unless the keychain gives back what was written. */
export async function storeProfileSecrets(access: KeychainAccess, profile: string, secrets: ProfileSecrets): Promise<void> {
  const accounts = accountsOf(profile);
  const answers = await call(access, [
    { op: "set", account: accounts.userSecret, value: secrets.userSecret },
    { op: "set", account: accounts.orgSecret, value: secrets.orgSecret },
    { op: "get", account: accounts.userSecret },
    { op: "get", account: accounts.orgSecret },
  ]);
  if (valueOf(answers[2]) !== secrets.userSecret || valueOf(answers[3]) !== secrets.orgSecret) throw new KeychainUnavailable("the keychain did not give back the secrets just written to it");
}

/** Removes both entries; how many there were. */
export async function deleteProfileSecrets(access: KeychainAccess, profile: string): Promise<number> {
  const accounts = accountsOf(profile);
  const answers = await call(access, [
    { op: "delete", account: accounts.userSecret },
    { op: "delete", account: accounts.orgSecret },
  ]);
  return answers.filter((answer) => valueOf(answer) === true).length;
}

/** Whether a keychain answers, by asking for an entry that never exists; never throws KeychainUnavailable. */
export async function probeKeychain(access: KeychainAccess): Promise<{ available: true } | { available: false; reason: string }> {
  try {
    await call(access, [{ op: "get", account: PROBE_ACCOUNT }]);
    return { available: true };
  } catch (error) {
    if (error instanceof KeychainUnavailable) return { available: false, reason: error.reason };
    throw error;
  }
}
