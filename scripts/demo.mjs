// `npm run demo`: the whole loop against a local emulator, with the commands shown as they run.
// Uses a throw-away CONNECTOR_CONFIG_DIR, so your own profiles are never touched.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const bin = new URL("../bin/connector.js", import.meta.url).pathname;
const configDir = mkdtempSync(join(tmpdir(), "connector-demo-"));
const emulator = spawn(process.execPath, [bin, "emulator", "--port", "0", "--json"], { stdio: ["ignore", "pipe", "inherit"] });
const { url } = JSON.parse(
  await new Promise((resolve, reject) => {
    createInterface({ input: emulator.stdout }).once("line", resolve);
    emulator.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  }),
);

const env = { ...process.env, CONNECTOR_CONFIG_DIR: configDir, CONNECTOR_BASE_URL: url, CONNECTOR_USER_SECRET: "demo-user-secret", CONNECTOR_ORG_SECRET: "demo-org-secret" };
const steps = [
  ["validate", "--file", "instance.example.json"],
  ["provision", "--file", "instance.example.json"],
  ["provision", "--file", "instance.example.json"],
  ["provision", "--file", "instance.example.json", "--if-exists", "skip"],
  ["instances", "list"],
  ["send", "--to", "+15551234567", "--template", "SignIn"],
  ["send", "--to", "+15005550003", "--message", "hello"],
  ["instances", "show", "acme-sms"],
];
let failures = 0;
console.log(`Emulator at ${url}; state in ${configDir}\n`);
for (const args of steps) {
  console.log(`$ connector ${args.join(" ")}`);
  const run = spawnSync(process.execPath, [bin, ...args], { env, stdio: "inherit" });
  console.log(`(exit ${run.status})\n`);
  const expectedFailure = args.includes("+15005550003") || (args[0] === "provision" && !args.includes("skip") && steps.indexOf(args) === 2);
  if ((run.status !== 0) !== expectedFailure) failures++;
}
emulator.kill("SIGTERM");
rmSync(configDir, { recursive: true, force: true });
console.log(failures ? `Demo finished with ${failures} unexpected result(s).` : "Demo finished: every step behaved as expected (the two failures above are on purpose).");
process.exitCode = failures ? 1 : 0;
