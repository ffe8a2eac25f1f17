// An instance body over the CLI's limit (1 MiB, under the platform's 5 MB request limit, which it
// answers with an undocumented 429) is refused before anything is sent: exit 3, naming the size,
// the limit and the largest entry, never its value.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_INSTANCE_BODY_BYTES } from "../src/instance/body-size.ts";
import { instanceDoc, writeDir } from "./helpers/batch.ts";
import { AUTH_TOKEN, usePlatform } from "./helpers/platform.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";

const platform = usePlatform();
const sent = () => platform.emulator.requests.filter((r) => r.method === "POST" || r.method === "PATCH").length;

describe("the size of an instance body", () => {
  it("over the limit: provision and apply exit 3 naming the size, the limit and the entry, and send nothing", async () => {
    const blob = "x".repeat(MAX_INSTANCE_BODY_BYTES + 10);
    const dir = writeDir({ "big.json": instanceDoc("too-big", {}, { "custom.blob": blob }) });
    const env = { ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
    const before = sent();
    const run = await runInProcess(["provision", "--file", join(dir, "big.json"), "--no-input", "--json"], env);
    expect(run.code).toBe(3);
    const message = JSON.stringify(jsonOf(run).error);
    expect(message).toContain("1.0 MiB (1048576 bytes)");
    expect(message).toContain("custom.blob");
    expect(message).not.toContain("xxxxxxxxxx");
    const apply = await runInProcess(["apply", "--file", dir, "--json"], env);
    expect(apply.code).toBe(3);
    expect(sent()).toBe(before);
    expect(platform.emulator.instances().some((i) => i.name === "too-big")).toBe(false);
  });

  it("a body just under the limit is sent", async () => {
    const dir = writeDir({ "near.json": instanceDoc("near-limit", {}, { "custom.blob": "y".repeat(MAX_INSTANCE_BODY_BYTES - 2000) }) });
    const run = await runInProcess(["provision", "--file", join(dir, "near.json"), "--no-input", "--json"], { ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    expect(run.code, run.stdout).toBe(0);
  });
});
