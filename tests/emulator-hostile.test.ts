// The emulator's small hostile cases: a fault probability written as a bare "%", and a state file
// holding two instances with one id (loading it kept only one of them, and the next save lost the other).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFaults } from "../src/emulator/fault-spec.ts";
import { loadStateFile } from "../src/emulator/state-file.ts";
import { jsonOf, runInProcess, tempConfigDir } from "./helpers/run.ts";

function instance(id: number, token: string) {
  return { id, name: `i${id}`, token, elementKey: "twilio", tags: [], configuration: {}, disabled: false, createdDate: "2026-01-01T00:00:00Z", updatedDate: "2026-01-01T00:00:00Z" };
}

describe("emulator hostile inputs", () => {
  it("--faults 503:% is a usage error, not probability 0", async () => {
    for (const spec of ["503:%", "503: %", "reset:%@POST /instances"]) expect(() => parseFaults(spec), spec).toThrow(/probability/);
    expect(parseFaults("503:50%")[0]?.probability).toBe(0.5);
    const run = await runInProcess(["emulator", "--port", "0", "--faults", "503:%", "--json"], { CONNECTOR_CONFIG_DIR: tempConfigDir() });
    expect(run.code).toBe(2);
    expect(jsonOf(run).error.code).toBe("usage");
  });

  it("a state file with two instances of one id (or one token) is refused and left as it was", () => {
    const dir = mkdtempSync(join(tmpdir(), "connector-emu-state-"));
    for (const instances of [
      [instance(1, "token-a-0123456789"), instance(1, "token-b-0123456789")],
      [instance(1, "token-a-0123456789"), instance(2, "token-a-0123456789")],
    ]) {
      const path = join(dir, "state.json");
      const text = JSON.stringify({ version: 1, nextId: 3, instances });
      writeFileSync(path, text);
      expect(() => loadStateFile(path)).toThrow(/twice/);
      expect(readFileSync(path, "utf8")).toBe(text);
    }
    writeFileSync(join(dir, "ok.json"), JSON.stringify({ version: 1, nextId: 3, instances: [instance(1, "token-a-0123456789"), instance(2, "token-b-0123456789")] }));
    expect(loadStateFile(join(dir, "ok.json"))?.instances).toHaveLength(2);
  });
});
