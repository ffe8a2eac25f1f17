// A later page's 404 must not delete a live instance. Instance "live" exists on the second page of
// its existence search, and a gate in front of the emulator answers that page 404 (the platform's
// "none found" shape, or a gateway's page). Read as "the list ended", plan --prune would plan to
// create "live" and delete the live one, and provision --if-exists skip would make a duplicate.
// A 404 is "none found" only for the first page: here every run stops with exit 5 before any change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/emulator/index.ts";
import { instanceDoc, writeDir } from "./helpers/batch.ts";
import { startGate, type Gate, type GateAnswer } from "./helpers/gate.ts";
import { AUTH_TOKEN, entryFlags, platformEnv } from "./helpers/platform.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";

const SHAPES: [string, GateAnswer][] = [
  ["the platform's none-found shape", { status: 404, contentType: "application/json", body: JSON.stringify({ requestId: "gate-1", message: "No instances found" }) }],
  ["a gateway's page", { status: 404, contentType: "text/html", body: "<html><body>404 Not Found</body></html>" }],
];

let emulator: RunningEmulator;
let answer: GateAnswer | undefined;
let gate: Gate;
let liveId: number;

beforeAll(async () => {
  // Offset tokens: the old client ended those listings correctly, so only the 404 decides here.
  emulator = await startEmulator({ pageSizeCap: 2 });
  const direct = platformEnv(emulator.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
  // "live-a" and "live-b" fill the first page of the search for "live"; "live" itself is on the second.
  for (const name of ["live-a", "live-b"]) expect((await runInProcess(["provision", ...entryFlags(name), "--no-input", "--json"], direct)).code).toBe(0);
  const live = await runInProcess(["provision", ...entryFlags("live"), "--tag", "kept", "--no-input", "--json"], direct);
  expect(live.code, live.stderr).toBe(0);
  liveId = jsonOf(live).id as number;
  gate = await startGate(
    emulator.url,
    () => undefined,
    (method, url) => (method === "GET" && url.pathname.endsWith("/instances") && url.searchParams.has("searchText") && url.searchParams.has("nextPage") ? answer : undefined),
  );
});
afterAll(async () => {
  await gate.close();
  await emulator.close();
});

function snapshot(): string {
  return JSON.stringify(emulator.instances().map((i) => [i.id, i.name, i.tags, i.updatedDate]));
}

describe.each(SHAPES)("page 2 of the existence search answers 404 (%s)", (_, shape) => {
  const env = () => platformEnv(gate.url, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
  const dir = () => writeDir({ "live.json": instanceDoc("live", { tags: ["kept"] }) });

  beforeAll(() => {
    answer = shape;
  });

  it("plan --prune stops with exit 5 naming the page, and plans nothing", async () => {
    const run = await runInProcess(["plan", "--file", dir(), "--prune", "kept", "--json"], env());
    expect(run.code, run.stdout).toBe(5);
    const doc = jsonOf(run);
    expect(doc.error.code).toBe("api");
    expect(doc.error.message).toContain("page 2");
    expect(doc.changes).toBeUndefined();
  });

  it("apply --prune --yes changes nothing and exits 5", async () => {
    const before = snapshot();
    const run = await runInProcess(["apply", "--file", dir(), "--prune", "kept", "--yes", "--json"], env());
    expect(run.code, run.stdout).toBe(5);
    expect(snapshot()).toBe(before);
    expect(emulator.instances().some((i) => i.id === liveId)).toBe(true);
  });

  it("provision --if-exists skip creates nothing and exits 5", async () => {
    const before = snapshot();
    const run = await runInProcess(["provision", ...entryFlags("live"), "--tag", "kept", "--if-exists", "skip", "--no-input", "--json"], env());
    expect(run.code, run.stdout).toBe(5);
    expect(jsonOf(run).error.message).toContain("page 2");
    expect(snapshot()).toBe(before);
    expect(emulator.instances().filter((i) => i.name === "live")).toHaveLength(1);
  });
});
