// The test helpers themselves: a spawned binary that exits before reading its whole input
// (EPIPE on the pipe) is an ordinary end, not an unhandled error that fails the run; and the
// hook that kills abandoned children is added once, not once per child.
import { it, expect } from "vitest";
import { runBinary } from "./helpers/run.ts";
it("a child that exits before reading a large input does not fail the test", async () => {
  const run = await runBinary(["--version"], {}, "x".repeat(8 * 1024 * 1024));
  expect(run.code).toBe(0);
});

it("children run one after another add no exit listener each (no MaxListenersExceededWarning)", async () => {
  await runBinary(["--version"], {});
  const listeners = process.listenerCount("exit");
  for (let i = 0; i < 3; i++) expect((await runBinary(["--version"], {})).code).toBe(0);
  expect(process.listenerCount("exit")).toBe(listeners);
});
