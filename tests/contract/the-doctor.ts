// The Doctor (npm ce-util@2.1.5), Cloud Elements' own command-line client, for the contract test:
// installed at test time into the contract cache (CONNECTOR_CONTRACT_CACHE, else
// node_modules/.cache/connector-contract, like Prism and Twilio's OpenAPI files; never a
// dependency of this package, never committed), run as its users run it: accounts in
// $HOME/.doctor/config.json.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { contractCacheDir } from "./prism.ts";

const PACKAGE = "ce-util@2.1.5";

/** The Doctor's entry file, installed on first use; undefined (with why) when npm cannot reach its registry. */
export function installTheDoctor(cacheDir = join(contractCacheDir(), "ce-util-2.1.5")): { bin?: string; why?: string } {
  const bin = join(cacheDir, "node_modules", "ce-util", "src", "cli", "doctor.js");
  if (existsSync(bin)) return { bin };
  mkdirSync(cacheDir, { recursive: true });
  try {
    execFileSync("npm", ["install", "--prefix", cacheDir, PACKAGE, "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock", "--fetch-retries=1", "--fetch-timeout=30000"], {
      stdio: "pipe",
      timeout: 170_000,
    });
  } catch (error) {
    const lines = (error as { stderr?: Buffer }).stderr?.toString().split("\n") ?? [];
    const said = lines.map((line) => line.replace(/^npm (error|ERR!)\s*/, "").trim()).find((line) => line !== "");
    return { why: `npm could not install ${PACKAGE} (${said ?? (error as Error).message})` };
  }
  return existsSync(bin) ? { bin } : { why: `npm installed ${PACKAGE} but ${bin} is missing` };
}

/** A $HOME holding one Doctor account named `name`, pointing at `origin` (the Doctor adds /elements/api-v2 itself). */
export function doctorHome(name: string, origin: string, userSecret: string, orgSecret: string): string {
  const home = mkdtempSync(join(tmpdir(), "connector-doctor-"));
  mkdirSync(join(home, ".doctor"), { mode: 0o700 });
  writeFileSync(join(home, ".doctor", "config.json"), JSON.stringify([{ name, userSecret, orgSecret, baseUrl: origin }]), { mode: 0o600 });
  return home;
}

/** Runs the Doctor with `args`, with only HOME and PATH in its environment (so no proxy is used). */
export function runTheDoctor(bin: string, home: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { HOME: home, PATH: process.env.PATH }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}
