// GET /instances on the emulator: `tags[]`, `searchText`, `pageSize` and `nextPage`, with
// Elements-Total-Count, Elements-Returned-Count and Elements-Next-Page-Token, and the platform's 404
// for a list that finds nothing (or 200 [] with emptyListAs200).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/emulator/index.ts";
import type { RunningEmulator } from "../src/emulator/index.ts";

const AUTH = { Authorization: "User u, Organization o", "Content-Type": "application/json" };
const CONFIGURATION = {
  "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef",
  "messaging.sms.twilio.token": "fedcba9876543210fedcba9876543210",
  "messaging.sms.twilio.sender": "+15005550006",
};

let emulator: RunningEmulator;

async function create(name: string, tags: string[]): Promise<void> {
  const response = await fetch(`${emulator.url}/instances`, {
    method: "POST",
    headers: AUTH,
    body: JSON.stringify({ element: { key: "twilio" }, name, tags, configuration: CONFIGURATION }),
  });
  expect(response.status).toBe(200);
}

async function list(query: string, base = emulator.url): Promise<{ response: Response; names: string[] }> {
  const response = await fetch(`${base}/instances${query}`, { headers: AUTH });
  const body = response.status === 200 ? ((await response.json()) as { name: string; token: string }[]) : [];
  return { response, names: body.map((instance) => instance.name) };
}

beforeAll(async () => {
  emulator = await startEmulator();
  for (let i = 1; i <= 7; i++) await create(`sms-${i}`, i % 2 === 0 ? ["prod", "eu"] : ["dev"]);
  await create("Other-SMS", ["prod"]);
});
afterAll(() => emulator.close());

describe("GET /instances", () => {
  it("lists every instance by id with Elements-Total-Count and no next-page token when all fit", async () => {
    const { response, names } = await list("");
    expect(names).toEqual(["sms-1", "sms-2", "sms-3", "sms-4", "sms-5", "sms-6", "sms-7", "Other-SMS"]);
    expect(response.headers.get("elements-total-count")).toBe("8");
    expect(response.headers.has("elements-next-page-token")).toBe(false);
  });

  it("pages with pageSize, handing out Elements-Next-Page-Token until the last page", async () => {
    const seen: string[] = [];
    const tokens: (string | null)[] = [];
    let query = "?pageSize=3";
    for (;;) {
      const { response, names } = await list(query);
      expect(response.headers.get("elements-total-count")).toBe("8");
      seen.push(...names);
      const token = response.headers.get("elements-next-page-token");
      tokens.push(token);
      if (!token) break;
      query = `?pageSize=3&nextPage=${encodeURIComponent(token)}`;
    }
    expect(tokens).toHaveLength(3);
    expect(seen).toEqual(["sms-1", "sms-2", "sms-3", "sms-4", "sms-5", "sms-6", "sms-7", "Other-SMS"]);
  });

  it("keeps only instances having every given tags[]", async () => {
    const prod = await list("?tags[]=prod");
    expect(prod.names).toEqual(["sms-2", "sms-4", "sms-6", "Other-SMS"]);
    const both = await list("?tags%5B%5D=prod&tags%5B%5D=eu");
    expect(both.names).toEqual(["sms-2", "sms-4", "sms-6"]);
    expect(both.response.headers.get("elements-total-count")).toBe("3");
  });

  it("matches searchText case-insensitively inside the name, combined with tags", async () => {
    expect((await list("?searchText=SMS-1")).names).toEqual(["sms-1"]);
    expect((await list("?searchText=other")).names).toEqual(["Other-SMS"]);
    expect((await list("?searchText=sms&tags[]=dev&pageSize=2")).response.headers.get("elements-total-count")).toBe("4");
  });

  it('answers a search that finds nothing like the platform: 404 {requestId, message: "No instances found"}', async () => {
    const { response } = await list("?searchText=absent");
    expect(response.status).toBe(404);
    const body = (await response.json()) as { requestId: string; message: string };
    expect(body).toEqual({ requestId: response.headers.get("elements-request-id"), message: "No instances found" });
  });

  it("answers 200 [] with Elements-Total-Count 0 instead when emptyListAs200 is set", async () => {
    const lenient = await startEmulator({ emptyListAs200: true });
    try {
      const { response, names } = await list("?searchText=absent", lenient.url);
      expect(response.status).toBe(200);
      expect(names).toEqual([]);
      expect(response.headers.get("elements-total-count")).toBe("0");
      expect(response.headers.get("elements-returned-count")).toBe("0");
    } finally {
      await lenient.close();
    }
  });

  it("carries Elements-Returned-Count, the size of the page, beside Elements-Total-Count", async () => {
    const { response, names } = await list("?pageSize=3&tags[]=prod");
    expect(names).toHaveLength(3);
    expect(response.headers.get("elements-returned-count")).toBe("3");
    expect(response.headers.get("elements-total-count")).toBe("4");
  });

  it.each([["?pageSize=0"], ["?pageSize=abc"], ["?nextPage=forged"]])("answers 400 for %s", async (query) => {
    const { response } = await list(query);
    expect(response.status).toBe(400);
  });
});
