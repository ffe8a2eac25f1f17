// "An existing client of this API: The Doctor (npm ce-util)": `doctor delete instances <account>`
// lists the instances with GET /instances and deletes each with DELETE /instances/{id}. Run here
// against the emulator, which answers like the platform (an empty list is a 404 "No instances
// found", which The Doctor reads as empty). Skipped, saying why, when npm's registry is unreachable,
// except in CI (CI=true, as .ci/run sets it), where a Doctor that could not be installed fails the run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.ts";
import { doctorHome, installTheDoctor, runTheDoctor } from "./the-doctor.ts";

const USER = "doctor-user-secret";
const ORG = "doctor-org-secret";
const CONFIGURATION = { username: "AC0123456789abcdef0123456789abcdef", password: "fedcba9876543210fedcba9876543210" };

let emulator: RunningEmulator;
let doctor: { bin?: string; why?: string };

beforeAll(async () => {
  doctor = installTheDoctor();
  if (doctor.why && process.env.CI) throw new Error(`The Doctor could not be installed, and CI may not skip its tests: ${doctor.why}.`);
  if (doctor.why) console.warn(`The Doctor tests are skipped: ${doctor.why}.`);
  emulator = await startEmulator({ userSecret: USER, orgSecret: ORG });
});
afterAll(() => emulator?.close());

async function create(name: string): Promise<number> {
  const response = await fetch(`${emulator.url}/instances`, {
    method: "POST",
    headers: { Authorization: `User ${USER}, Organization ${ORG}`, "Content-Type": "application/json" },
    body: JSON.stringify({ element: { key: "twiliov2" }, name, configuration: CONFIGURATION }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: number }).id;
}

describe("The Doctor (ce-util 2.1.5) against the emulator", () => {
  it("doctor delete instances <account> lists every instance and deletes each", async (context) => {
    if (!doctor.bin) return context.skip(doctor.why);
    const ids = [await create("doctor-a"), await create("doctor-b"), await create("doctor-c")];
    const home = doctorHome("emulator", new URL(emulator.url).origin, USER, ORG);
    const before = emulator.requests.length;
    const run = await runTheDoctor(doctor.bin, home, ["delete", "instances", "emulator"]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/Failed to complete operation|No account found/);
    expect(emulator.instances()).toEqual([]);
    const seen = emulator.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    expect(seen.filter((r) => r === "GET /elements/api-v2/instances")).toHaveLength(1);
    expect(seen.filter((r) => r.startsWith("DELETE")).sort()).toEqual(ids.map((id) => `DELETE /elements/api-v2/instances/${id}`).sort());
  });

  it("with nothing left, the emulator's 404 No instances found is an empty list to The Doctor: it deletes nothing and succeeds", async (context) => {
    if (!doctor.bin) return context.skip(doctor.why);
    expect(emulator.instances()).toEqual([]);
    const home = doctorHome("emulator", new URL(emulator.url).origin, USER, ORG);
    const before = emulator.requests.length;
    const run = await runTheDoctor(doctor.bin, home, ["delete", "instances", "emulator"]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/Failed to complete operation/);
    const seen = emulator.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    expect(seen).toEqual(["GET /elements/api-v2/instances"]);
  });

  it("wrong secrets: the emulator's 401 makes The Doctor fail, and nothing is deleted", async (context) => {
    if (!doctor.bin) return context.skip(doctor.why);
    const id = await create("doctor-kept");
    const home = doctorHome("emulator", new URL(emulator.url).origin, "wrong-user", ORG);
    const run = await runTheDoctor(doctor.bin, home, ["delete", "instances", "emulator"]);
    expect(run.code).not.toBe(0);
    expect(emulator.instances().map((i) => i.id)).toEqual([id]);
  });
});
