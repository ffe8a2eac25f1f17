// `--if-exists skip` makes a re-run resume where a failed run stopped: what was done
// is kept (its token stored), what failed is done now, and nothing is created twice.
import { describe, expect, it } from "vitest";
import { runInProcess } from "./helpers/run.ts";
import { AUTH_TOKEN, usePlatform } from "./helpers/platform.ts";
import { instanceDoc, ndjson, ndjsonOf } from "./helpers/batch.ts";

const platform = usePlatform();

describe("resuming a batch", () => {
  it("after a failure, a re-run with --if-exists skip finishes the batch without duplicates", async () => {
    const docs = [1, 2, 3, 4, 5].map((n) => instanceDoc(`resume-${n}`));
    // Instance 4 names a variable that the first run lacks: it fails, the others are created.
    docs[3] = instanceDoc("resume-4", {}, { "messaging.sms.twilio.sender": "${TENANT_4_SENDER}" });
    const input = ndjson(docs);
    const env = { ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN };

    const first = await runInProcess(["provision", "--batch", "-", "--json"], env, input);
    expect(first.code).toBe(3);
    expect(ndjsonOf(first).summary).toMatchObject({ total: 5, succeeded: 4, failed: 1, created: 4 });

    const second = await runInProcess(["provision", "--batch", "-", "--json", "--if-exists", "skip"], { ...env, TENANT_4_SENDER: "+15005550006" }, input);
    expect(second.code).toBe(0);
    const { items, summary } = ndjsonOf(second);
    expect(summary).toMatchObject({ total: 5, succeeded: 5, failed: 0, created: 1, kept: 4 });
    expect(items.find((item) => item.name === "resume-4")).toMatchObject({ action: "created" });

    const names = platform.emulator
      .instances()
      .filter((i) => i.name.startsWith("resume-"))
      .map((i) => i.name)
      .sort();
    expect(names).toEqual(["resume-1", "resume-2", "resume-3", "resume-4", "resume-5"]);
    const list = await runInProcess(["instances", "list", "--json"], env);
    expect(JSON.parse(list.stdout).instances).toHaveLength(5);
  });

  it("without --if-exists skip, a re-run reports each existing instance as a conflict, exit 5", async () => {
    const input = ndjson([instanceDoc("again-1"), instanceDoc("again-2")]);
    const env = { ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
    expect((await runInProcess(["provision", "--batch", "-", "--json"], env, input)).code).toBe(0);
    const rerun = await runInProcess(["provision", "--batch", "-", "--json"], env, input);
    expect(rerun.code).toBe(5);
    const { items, summary } = ndjsonOf(rerun);
    expect(items.map((item) => item.error?.code)).toEqual(["conflict", "conflict"]);
    expect(summary).toMatchObject({ failed: 2, errors: { conflict: 2 }, exitCode: 5 });
  });
});
