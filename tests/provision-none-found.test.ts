// The platform answers a search that finds nothing with 404, in words nobody documented. The
// existence check before a create and the exactly-once look-up after a lost answer must both
// read any such 404 of GET /instances as "none", against an in-test platform on loopback.
import { describe, expect, it } from "vitest";
import { json, useTestServers, type Seen } from "./helpers/http-server.ts";
import { AUTH_TOKEN, entryFlags, platformEnv } from "./helpers/platform.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";

const { startServer } = useTestServers();
const NONE = { requestId: "req-none", message: "Your search returned nothing" };

function created(seen: Seen): Record<string, unknown> {
  const body = JSON.parse(seen.body) as { name: string; tags: string[]; configuration: Record<string, unknown> };
  return {
    id: 41,
    name: body.name,
    token: "tok-none-found-0123456789abcdef=",
    element: { id: 7, key: "twilio", name: "Twilio SMS" },
    tags: body.tags,
    configuration: {},
    valid: true,
    disabled: false,
  };
}

function envFor(base: string): NodeJS.ProcessEnv {
  return platformEnv(base, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
}

describe("a 404 on GET /instances means none found, whatever its words", () => {
  it("the existence check before a create reads it as 'no such instance' and creates", async () => {
    const { base, seen } = await startServer((req, res) => {
      if (req.method === "GET" && req.parsed.pathname.endsWith("/instances")) json(res, 404, NONE);
      else if (req.method === "POST" && req.parsed.pathname.endsWith("/instances")) json(res, 200, created(req));
      else json(res, 404, { requestId: "req-x", message: "No element metadata here" });
    });
    const run = await runInProcess(["provision", ...entryFlags("none-yet"), "--no-input", "--json"], envFor(base));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(jsonOf(run)).toMatchObject({ ok: true, id: 41, created: true });
    expect(seen.filter((r) => r.method === "GET" && r.parsed.searchParams.get("searchText") === "none-yet").length).toBeGreaterThanOrEqual(1);
  });

  it("the exactly-once look-up after a lost answer reads it as 'not created' and sends the POST again", async () => {
    let posts = 0;
    const { base, seen } = await startServer((req, res, raw) => {
      if (req.method === "GET" && req.parsed.pathname.endsWith("/instances")) json(res, 404, NONE);
      else if (req.method === "POST" && req.parsed.pathname.endsWith("/instances")) {
        if (++posts === 1) raw.socket.resetAndDestroy();
        else json(res, 200, created(req));
      } else json(res, 404, { requestId: "req-x", message: "No element metadata here" });
    });
    const run = await runInProcess(["provision", ...entryFlags("lost-once"), "--no-input", "--json"], envFor(base));
    expect(run.code).toBe(0);
    expect(jsonOf(run)).toMatchObject({ ok: true, id: 41, created: true });
    expect(posts).toBe(2);
    const lookups = seen.filter((r) => r.method === "GET" && (r.parsed.searchParams.get("tags[]") ?? "").startsWith("connector-op:"));
    expect(lookups.length).toBeGreaterThanOrEqual(1);
  });
});
