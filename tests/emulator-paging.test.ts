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

async function create(name: string, tags: string[], base = emulator.url): Promise<void> {
  const response = await fetch(`${base}/instances`, {
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

  it.each([["?pageSize=0"], ["?pageSize=abc"], ["?nextPage=forged"], ["?pageSize=5001"], ["?page=0"]])("answers 400 for %s", async (query) => {
    const { response } = await list(query);
    expect(response.status).toBe(400);
  });
});

describe("GET /instances with the platform's page counter (pageTokens: counter)", () => {
  let counting: RunningEmulator;
  beforeAll(async () => {
    counting = await startEmulator({ pageTokens: "counter" });
    for (let i = 1; i <= 5; i++) await create(`c-${i}`, ["c"], counting.url);
  });
  afterAll(() => counting.close());

  const decode = (token: string | null) => JSON.parse(Buffer.from(token ?? "", "base64").toString("utf8")) as unknown;

  it("sends base64 {pageSize, page} on every page, the last included; the page after the last is 200 [] with another token", async () => {
    const first = await list("?pageSize=2", counting.url);
    expect(first.names).toEqual(["c-1", "c-2"]);
    expect(decode(first.response.headers.get("elements-next-page-token"))).toEqual({ pageSize: 2, page: 2 });
    const last = await list(`?pageSize=2&nextPage=${encodeURIComponent(Buffer.from(JSON.stringify({ pageSize: 2, page: 3 })).toString("base64"))}`, counting.url);
    expect(last.names).toEqual(["c-5"]);
    expect(decode(last.response.headers.get("elements-next-page-token"))).toEqual({ pageSize: 2, page: 4 });
    const after = await list(`?pageSize=2&nextPage=${encodeURIComponent(last.response.headers.get("elements-next-page-token") ?? "")}`, counting.url);
    expect(after.response.status).toBe(200);
    expect(after.names).toEqual([]);
    expect(after.response.headers.get("elements-returned-count")).toBe("0");
    expect(after.response.headers.get("elements-total-count")).toBe("5");
    expect(decode(after.response.headers.get("elements-next-page-token"))).toEqual({ pageSize: 2, page: 5 });
  });

  it("takes `page` as well as nextPage, and a search that finds nothing is still the platform's 404", async () => {
    expect((await list("?pageSize=2&page=2", counting.url)).names).toEqual(["c-3", "c-4"]);
    expect((await list("?searchText=absent", counting.url)).response.status).toBe(404);
  });

  it("accepts the documented largest page (5000) and refuses a larger one with 400", async () => {
    expect((await list("?pageSize=5000", counting.url)).names).toHaveLength(5);
    expect((await list("?pageSize=5001", counting.url)).response.status).toBe(400);
  });
});
