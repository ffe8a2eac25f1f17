// The platform secrets through the OS keychain of the OS this runs on (the workflow's macOS and
// Windows legs run it; Linux's Secret Service has its own suite, npm run test:keychain): login
// into the keychain, a later command reads them back with none in its environment, auth status
// says "keychain", logout removes them. Exits 1 saying what failed.
import { spawnSync } from "node:child_process";
import { startEmulatorProcess } from "./emulator-process.mjs";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const bin = path.join(import.meta.dirname, "..", "bin", "connector.js");
const secrets = { CONNECTOR_USER_SECRET: `user-secret-smoke-${process.pid}`, CONNECTOR_ORG_SECRET: `org-secret-smoke-${process.pid}` };
const emulator = await startEmulatorProcess(bin, ["--user-secret", secrets.CONNECTOR_USER_SECRET, "--org-secret", secrets.CONNECTOR_ORG_SECRET]);
const { url } = emulator;
// CI=true makes the file the default store; the keychain is asked for by name here.
const base = {
  ...process.env,
  CI: "",
  CONNECTOR_BASE_URL: url,
  CONNECTOR_CONFIG_DIR: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "connector-keychain-")), "state"),
  CONNECTOR_CREDENTIAL_STORE: "keychain",
};
delete base.CONNECTOR_USER_SECRET;
delete base.CONNECTOR_ORG_SECRET;
const run = (args, env = base) => spawnSync(process.execPath, [bin, ...args, "--json"], { env, encoding: "utf8" });
const expectExit = (result, code, what) => {
  if (result.status !== code) throw new Error(`${what} exited ${result.status}, not ${code}: ${result.stdout}${result.stderr}`);
  return result.stdout ? JSON.parse(result.stdout) : undefined;
};
try {
  const login = expectExit(run(["login", "--no-input"], { ...base, ...secrets }), 0, "login");
  if (login.secretStore !== "keychain") throw new Error(`login kept the secrets in ${login.secretStore}`);
  const store = fs.readFileSync(path.join(base.CONNECTOR_CONFIG_DIR, "store.json"), "utf8");
  if (store.includes(secrets.CONNECTOR_USER_SECRET)) throw new Error("a platform secret is in store.json");
  expectExit(run(["instances", "list", "--remote"]), 0, "instances list --remote with the secrets from the keychain");
  const status = expectExit(run(["auth", "status"]), 0, "auth status");
  const profile = status.profiles.find((entry) => entry.name === "default");
  if (profile?.secrets !== "keychain") throw new Error(`auth status says the secrets are in ${profile?.secrets}`);
  expectExit(run(["logout"]), 0, "logout");
  const after = run(["instances", "list", "--remote"]);
  if (after.status === 0) throw new Error("instances list --remote still worked after logout");
  console.log(`platform secrets through the ${os.platform()} keychain: login, read back, auth status, logout`);
} finally {
  await emulator.stop();
}
