// When the client's paging of GET /instances stops, against in-test platforms on loopback: the
// platform's documented token is a page counter sent on every page (the last included), so only an
// empty page or the count headers end a list; a short page never does; a listing that stops
// before its total is an error; callers that read everything ask for the largest page.
import { describe, expect, it } from "vitest";
import { createPlatformClient, type PlatformInstance } from "../src/api/platform.ts";
import { FULL_LIST_PAGE_SIZE } from "../src/api/list-pages.ts";
import { ApiError, exitCodeOf } from "../src/errors.ts";
import { failureOf, json, useTestServers, type Seen } from "./helpers/http-server.ts";

const { startServer, afterThisTest } = useTestServers();

function platform(base: string) {
  const made = createPlatformClient({ baseUrl: base, timeoutMs: 5_000, userAgent: "connector/test", retryBaseMs: 1, credentials: { userSecret: "u-secret-1", orgSecret: "o-secret-1" } });
  afterThisTest(() => made.close());
  return made;
}

const instance = (id: number): PlatformInstance => ({ id, name: `i${id}`, token: `tok-${id}-0123456789`, element: { id: 7, key: "twilio" } });
const counter = (page: number) => Buffer.from(JSON.stringify({ pageSize: 2, page })).toString("base64");

/** The page a request asks for (1 the first), read from the counter token. */
function pageAsked(req: Seen): number {
  const token = req.parsed.searchParams.get("nextPage");
  return token === null ? 1 : (JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { page: number }).page;
}

async function ids(items: AsyncIterable<PlatformInstance>): Promise<number[]> {
  const out: number[] = [];
  for await (const item of items) out.push(item.id);
  return out;
}

/** `all` served two per page with a counter token on every page; `headers` adds count headers. */
function counterPlatform(all: number[], headers: (page: number[]) => Record<string, string>) {
  return startServer((req, res) => {
    const page = pageAsked(req);
    const items = all.slice((page - 1) * 2, page * 2);
    json(res, 200, items.map(instance), { "Elements-Next-Page-Token": counter(page + 1), ...headers(items) });
  });
}

describe("paging with the platform's counter token", () => {
  it("stops on the empty page after the last when no count is sent", async () => {
    const { base, seen } = await counterPlatform([1, 2, 3, 4, 5], () => ({}));
    expect(await ids(platform(base).listInstances())).toEqual([1, 2, 3, 4, 5]);
    expect(seen).toHaveLength(4);
  });

  it("stops on Elements-Returned-Count: 0 even if the body were not empty", async () => {
    const { base, seen } = await counterPlatform([1, 2, 3], (items) => ({ "Elements-Returned-Count": String(items.length) }));
    expect(await ids(platform(base).listInstances())).toEqual([1, 2, 3]);
    expect(seen).toHaveLength(3);
  });

  it("stops once Elements-Total-Count instances have come, without asking for the empty page", async () => {
    const { base, seen } = await counterPlatform([1, 2, 3, 4], () => ({ "Elements-Total-Count": "4" }));
    expect(await ids(platform(base).listInstances())).toEqual([1, 2, 3, 4]);
    expect(seen).toHaveLength(2);
  });

  it("goes on past a page shorter than the size asked for (the platform may cap the size silently)", async () => {
    const { base, seen } = await counterPlatform([1, 2, 3, 4, 5], () => ({ "Elements-Total-Count": "5" }));
    expect(await ids(platform(base).listInstances({ pageSize: 100 }))).toEqual([1, 2, 3, 4, 5]);
    expect(seen).toHaveLength(3);
  });

  it("asks for the largest documented page unless told, and passes a caller's own size", async () => {
    const { base, seen } = await counterPlatform([1], () => ({}));
    await ids(platform(base).listInstances());
    expect(seen[0]?.parsed.searchParams.get("pageSize")).toBe(String(FULL_LIST_PAGE_SIZE));
    expect(FULL_LIST_PAGE_SIZE).toBe(5000);
    await ids(platform(base).listInstances({ pageSize: 1 }));
    expect(seen.at(-1)?.parsed.searchParams.get("pageSize")).toBe("1");
  });
});

describe("a listing that does not complete is an error (exit 5)", () => {
  it("when the token is missing before Elements-Total-Count is reached", async () => {
    const { base } = await startServer((_, res) => json(res, 200, [instance(1), instance(2)], { "Elements-Total-Count": "9" }));
    const error = (await failureOf(ids(platform(base).listInstances()))) as ApiError;
    expect(exitCodeOf(error)).toBe(5);
    expect(error.message).toContain("after 2 of the 9 instances");
  });

  it("when a token comes back again", async () => {
    const { base } = await startServer((_, res) => json(res, 200, [instance(1)], { "Elements-Next-Page-Token": "same" }));
    const error = (await failureOf(ids(platform(base).listInstances()))) as ApiError;
    expect(exitCodeOf(error)).toBe(5);
    expect(error.message).toContain("again");
  });

  it("when pages never end (a fresh token and items every time)", { timeout: 60_000 }, async () => {
    let n = 0;
    const { base } = await startServer((_, res) => json(res, 200, [instance(++n)], { "Elements-Next-Page-Token": `t${n}` }));
    const error = (await failureOf(ids(platform(base).listInstances()))) as ApiError;
    expect(exitCodeOf(error)).toBe(5);
    expect(error.message).toContain("1000 pages");
  });
});
