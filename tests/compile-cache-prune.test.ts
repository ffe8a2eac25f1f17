// Which build folders of the code cache a write removes (src/startup/prune-builds.ts): those
// unused for 30 days, and the oldest beyond 8; never the current one, never a folder it did not make.
import { mkdirSync, mkdtempSync, readdirSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pruneOtherBuilds, touchIfStale } from "../src/startup/prune-builds.ts";

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 8);

function folderAged(codeDir: string, name: string, days: number): void {
  mkdirSync(join(codeDir, name));
  const seconds = (NOW - days * DAY) / 1000;
  utimesSync(join(codeDir, name), seconds, seconds);
}

describe("pruning other builds' caches", () => {
  it("keeps the current build and the 7 most recently used others, removes any unused for 30 days, and leaves what it did not make", () => {
    const codeDir = mkdtempSync(join(tmpdir(), "connector-prune-"));
    const current = `v20.20.2-x64-4120707278-${"a".repeat(16)}`;
    folderAged(codeDir, current, 100); // the current one, however old
    for (let i = 0; i < 10; i++) folderAged(codeDir, `v20.20.2-x64-4120707278-${String(i).repeat(16)}`, i * 2); // 0 to 18 days
    folderAged(codeDir, `v22.1.0-arm64-17-${"b".repeat(16)}`, 31); // unused for 31 days
    folderAged(codeDir, `v20.20.2-x64-${"c".repeat(16)}`, 1); // the previous loader's layout
    folderAged(codeDir, "notes", 400);
    pruneOtherBuilds(codeDir, current, NOW);
    const kept = readdirSync(codeDir).sort();
    expect(kept).toContain(current);
    expect(kept).toContain("notes");
    expect(kept.filter((name) => name !== current && name !== "notes")).toEqual(
      [`v20.20.2-x64-${"c".repeat(16)}`, ...[0, 1, 2, 3, 4, 5].map((i) => `v20.20.2-x64-4120707278-${String(i).repeat(16)}`)].sort(),
    );
  });

  it("renews a folder's date at most once a day", () => {
    const codeDir = mkdtempSync(join(tmpdir(), "connector-touch-"));
    folderAged(codeDir, "stale", 3);
    folderAged(codeDir, "fresh", 0.5);
    touchIfStale(join(codeDir, "stale"), NOW - 3 * DAY, NOW);
    touchIfStale(join(codeDir, "fresh"), NOW - 0.5 * DAY, NOW);
    expect(statSync(join(codeDir, "stale")).mtimeMs).toBe(NOW);
    expect(statSync(join(codeDir, "fresh")).mtimeMs).toBe(NOW - 0.5 * DAY);
  });
});
