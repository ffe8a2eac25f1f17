// The store round trip with store.json held open by another process, on the OS this runs on
// (the workflow's Windows leg runs it; Windows refuses to rename over an open file, which
// connector waits out for up to 10 s): provision, hold store.json open for 3 s in another
// process, provision again meanwhile, then both tokens must be stored. Exits 1 saying what failed.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { startEmulatorProcess } from "./emulator-process.mjs";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const bin = path.join(import.meta.dirname, "..", "bin", "connector.js");
const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "connector smoke ü-")), "state");
const emulator = await startEmulatorProcess(bin);
const { url } = emulator;
const env = {
  ...process.env,
  CONNECTOR_BASE_URL: url,
  CONNECTOR_USER_SECRET: "user-secret-smoke",
  CONNECTOR_ORG_SECRET: "org-secret-smoke",
  TWILIO_AUTH_TOKEN: "5f4dcc3b5aa765d61d8327deb882cf99",
  CONNECTOR_CONFIG_DIR: dir,
};
const provision = (name) =>
  spawnSync(process.execPath, [bin, "provision", "--name", name, "--account-sid", "AC0123456789abcdef0123456789abcdef", "--sender", "+15005550006", "--no-input"], { env, encoding: "utf8" });
try {
  const first = provision("smoke-first");
  if (first.status !== 0) throw new Error(`the first provision exited ${first.status}: ${first.stderr}`);
  const store = path.join(dir, "store.json");
  const holder = spawn(process.execPath, ["-e", `const fd = require("fs").openSync(process.argv[1], "r"); console.log("held"); setTimeout(() => require("fs").closeSync(fd), 3000);`, store], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve) => holder.stdout.once("data", resolve));
  const second = provision("smoke-second");
  if (second.status !== 0) throw new Error(`the provision while store.json was held open exited ${second.status}: ${second.stderr}`);
  const names = JSON.parse(fs.readFileSync(store, "utf8"))
    .instances.map((instance) => instance.name)
    .sort();
  if (names.join() !== "smoke-first,smoke-second") throw new Error(`store.json holds ${names.join(", ")}`);
  const token = execFileSync(process.execPath, [bin, "token", "smoke-second"], { env, encoding: "utf8" }).trim();
  if (!token) throw new Error("connector token printed nothing");
  console.log(`store round trip with store.json held open: both tokens stored in ${dir}`);
} finally {
  await emulator.stop();
}
