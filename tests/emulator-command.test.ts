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

  it("with --page-tokens counter and --configuration-patch ignored pages and patches as the platform may", async () => {
    const { child, firstLine, exited } = startBinaryEmulator(["--page-tokens", "counter", "--configuration-patch", "ignored"]);
    const url = await firstLine;
    const headers = { Authorization: "User a, Organization b", "Content-Type": "application/json" };
    const configuration = {
      "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef",
      "messaging.sms.twilio.token": "fedcba9876543210fedcba9876543210",
      "messaging.sms.twilio.sender": "+15005550006",
    };
    const created = (await (await fetch(`${url}/instances`, { method: "POST", headers, body: JSON.stringify({ element: { key: "twilio" }, name: "one", configuration }) })).json()) as { id: number };
    const list = await fetch(`${url}/instances`, { headers });
    expect(JSON.parse(Buffer.from(list.headers.get("elements-next-page-token") ?? "", "base64").toString("utf8"))).toEqual({ pageSize: 200, page: 2 });
    const patched = await fetch(`${url}/instances/${created.id}`, { method: "PATCH", headers, body: JSON.stringify({ configuration: { "messaging.sms.twilio.sender": "+15005550007" } }) });
    expect(((await patched.json()) as { configuration: Record<string, unknown> }).configuration["messaging.sms.twilio.sender"]).toBe("+15005550006");
    child.kill("SIGTERM");
    await exited;
  });
});
