// The contract: "The emulator": `connector emulator` prints its base URL on one line (with
// --json: {"url", ...}), serves until stopped, and --user-secret/--org-secret restrict it.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { BIN } from "./helpers/run.ts";

function startBinaryEmulator(args: string[]) {
  const child = spawn(process.execPath, [BIN, "emulator", "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, firstLine, exited };
}

describe("connector emulator", () => {
  it("prints its base URL on one line and stops with exit 0 on SIGTERM", async () => {
    const { child, firstLine, exited } = startBinaryEmulator([]);
    const url = await firstLine;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/elements\/api-v2$/);
    const answer = await fetch(`${url}/instances`, { headers: { Authorization: "User a, Organization b" } });
    expect(answer.status).toBe(404); // like the platform, an empty list is "No instances found"
    expect(((await answer.json()) as { message: string }).message).toBe("No instances found");
    expect(answer.headers.get("elements-request-id")).toBeTruthy();
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("with --json prints {url} and, with --user-secret/--org-secret, accepts only those", async () => {
    const { child, firstLine, exited } = startBinaryEmulator(["--json", "--user-secret", "u1", "--org-secret", "o1"]);
    const { url } = JSON.parse(await firstLine) as { url: string };
    const wrong = await fetch(`${url}/instances`, { headers: { Authorization: "User a, Organization b" } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { message: string }).message).toBe("Invalid Organization or User secret, or invalid Element token provided.");
    const right = await fetch(`${url}/elements/twilio`, { headers: { Authorization: "User u1, Organization o1" } });
    expect(right.status).toBe(200);
    child.kill("SIGTERM");
    await exited;
  });

  it("with --empty-lists 200 answers a list that finds nothing with 200 []", async () => {
    const { child, firstLine, exited } = startBinaryEmulator(["--empty-lists", "200"]);
    const answer = await fetch(`${await firstLine}/instances`, { headers: { Authorization: "User a, Organization b" } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual([]);
    child.kill("SIGTERM");
    await exited;
  });
});
