// The spinner: drawn on stderr only for waits longer than a moment, only at a terminal, never
// with --json, --verbose or CI; erased when the wait ends or a note is written.
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createContext, type GlobalOptions, type ProcessIo } from "../src/cli/context-from-options.ts";
import { createSpinner } from "../src/ui/spinner.ts";

function capture() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe("spinner", () => {
  afterEach(() => vi.useRealTimers());

  it("draws nothing for a quick wait, draws after 300 ms for a long one, and erases its line when done", () => {
    vi.useFakeTimers();
    const out = capture();
    const spinner = createSpinner(out.stream);
    spinner.start("Waiting for GET /instances")();
    vi.advanceTimersByTime(1_000);
    expect(out.text()).toBe("");

    const stop = spinner.start("Waiting for POST /instances");
    vi.advanceTimersByTime(299);
    expect(out.text()).toBe("");
    vi.advanceTimersByTime(200);
    expect(out.text()).toContain("Waiting for POST /instances");
    stop();
    expect(out.text().endsWith("\r\x1b[2K")).toBe(true);
    const length = out.text().length;
    vi.advanceTimersByTime(1_000);
    expect(out.text().length).toBe(length);
  });

  it("exists only at a terminal, without --json, --verbose or CI", () => {
    const io = (stderrIsTTY: boolean): ProcessIo => ({ stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, stdinIsTTY: true, stdoutIsTTY: true, stderrIsTTY });
    const signal = new AbortController().signal;
    const defaults: GlobalOptions = { profile: "default", baseUrl: undefined, json: false, input: true, timeout: "30", retries: "3", verbose: false, color: true };
    const make = (options: Partial<GlobalOptions>, terminal: boolean, env: NodeJS.ProcessEnv = {}) => createContext({ ...defaults, ...options }, { ...io(terminal), env }, signal).progress;
    expect(make({}, true)).toBeTypeOf("function");
    expect(make({}, false)).toBeUndefined();
    expect(make({ json: true }, true)).toBeUndefined();
    expect(make({ verbose: true }, true)).toBeUndefined();
    expect(make({}, true, { CI: "true" })).toBeUndefined();
    expect(make({}, true, { TERM: "dumb" })).toBeUndefined();
  });
});
