// The emulator's front door: the platform's Authorization formats, its 401, the
// Elements-Request-Id header on every answer, unknown routes and methods, and recording.
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator } from "../src/emulator/index.ts";
import type { RunningEmulator } from "../src/emulator/index.ts";

const INVALID = "Invalid Organization or User secret, or invalid Element token provided.";
let emulator: RunningEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function get(path: string, authorization?: string, method = "GET"): Promise<Response> {
  emulator ??= await startEmulator();
  return fetch(`${emulator.url}${path}`, { method, headers: authorization === undefined ? {} : { Authorization: authorization } });
}

describe("emulator authorization", () => {
  it.each([
    ["no Authorization header", undefined],
    ["an empty header", ""],
    ["a header without the organization", "User u"],
    ["a header without the user", "Organization o"],
    ["an empty user secret", "User , Organization o"],
    ["an empty organization secret", "User u, Organization "],
    ["a Bearer token", "Bearer abc"],
    ["an unknown part", "User u, Organization o, Team t"],
    ["a repeated part", "User u, User v, Organization o"],
  ])("answers 401 with the platform's message for %s", async (_name, header) => {
    const response = await get("/instances", header);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { message: string; requestId: string };
    expect(body.message).toBe(INVALID);
    expect(body.requestId).toBe(response.headers.get("elements-request-id"));
  });

  it.each([
    ["the documented form", "User u, Organization o"],
    ["the parts in another order", "Organization o, User u"],
    ["extra spacing", "  User   u ,Organization    o  "],
    ["an Element part after them", "User u, Organization o, Element abc"],
    ["lower-case part names", "user u, organization o"],
  ])("accepts %s", async (_name, header) => {
    const response = await get("/elements/twilio", header);
    expect(response.status).toBe(200);
  });

  it("accepts only the configured secrets when user and organization secrets are set", async () => {
    emulator = await startEmulator({ userSecret: "good-user", orgSecret: "good-org" });
    expect((await get("/elements/twilio", "User good-user, Organization good-org")).status).toBe(200);
    expect((await get("/elements/twilio", "User other, Organization good-org")).status).toBe(401);
    expect((await get("/elements/twilio", "User good-user, Organization other")).status).toBe(401);
  });
});

describe("emulator answers", () => {
  it("carries a 24-hex Elements-Request-Id on every answer, the same id as the error body's", async () => {
    const auth = "User u, Organization o";
    const answers = [
      await get("/instances", auth),
      await get("/instances", undefined),
      await get("/instances/999", auth),
      await get("/nothing-here", auth),
      await get("/instances", auth, "DELETE"),
      await get("/instances/abc", auth),
      await get("/elements/twilio", auth),
    ];
    // The first is the platform's 404 for a list that finds nothing: an error body like the others.
    expect(answers.map((a) => a.status)).toEqual([404, 401, 404, 404, 405, 400, 200]);
    const ids = answers.map((a) => a.headers.get("elements-request-id"));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
    for (const answer of answers.filter((a) => a.status >= 400)) {
      const body = (await answer.json()) as { requestId: string };
      expect(body.requestId).toBe(answer.headers.get("elements-request-id"));
    }
  });

  it("answers an unknown route with 404 naming the method and path", async () => {
    const response = await get("/widgets", "User u, Organization o");
    expect(response.status).toBe(404);
    expect(((await response.json()) as { message: string }).message).toBe("Not found: GET /elements/api-v2/widgets");
    const outside = await get("/../../other", "User u, Organization o");
    expect(outside.status).toBe(404);
  });

  it("answers a wrong method with 405 and an Allow header", async () => {
    const response = await get("/instances", "User u, Organization o", "DELETE");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("records each request with its method, path, query, headers and body", async () => {
    emulator = await startEmulator();
    await fetch(`${emulator.url}/instances?searchText=abc`, {
      method: "POST",
      headers: { Authorization: "User u, Organization o", "Content-Type": "application/json" },
      body: "{not json",
    });
    expect(emulator.requests).toHaveLength(1);
    const [recorded] = emulator.requests;
    expect(recorded).toMatchObject({ method: "POST", path: "/elements/api-v2/instances", query: "searchText=abc", body: "{not json" });
    expect(recorded?.headers.authorization).toBe("User u, Organization o");
  });
});
