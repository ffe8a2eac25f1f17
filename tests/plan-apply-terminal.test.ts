// @module-tag slow: apply at a real terminal (tmux), at a person's pace (npm test leaves it out; npm run test:all runs it)
// apply at a real terminal (tmux): it shows the plan and asks; "no" changes nothing, "yes"
// applies. In CI, with --no-input or --yes it never asks, even at a terminal; a delete then
// needs --yes. Without a terminal it never asks (tests/plan-apply.test.ts).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HAS_TMUX, openTerminal, type Terminal } from "./helpers/terminal.ts";
import { AUTH_TOKEN, usePlatform } from "./helpers/platform.ts";
import { instanceDoc, writeDir } from "./helpers/batch.ts";

const platform = usePlatform();
let terminal: Terminal | undefined;
afterEach(() => terminal?.close());

describe.skipIf(!HAS_TMUX)("apply at a terminal", () => {
  it("shows the plan and asks; no changes nothing, yes applies", async () => {
    const dir = writeDir({ "a.json": instanceDoc("tty-a") });
    const env = { ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN, NO_COLOR: "1" };
    terminal = openTerminal(["apply", "--file", dir], env);
    const shown = await terminal.waitFor("Apply these changes?");
    expect(shown).toContain("+ twilio tty-a");
    terminal.keys("n", "Enter");
    expect(await terminal.exitCode()).toBe(2);
    expect(platform.emulator.instances().some((i) => i.name === "tty-a")).toBe(false);
    terminal.close();

    terminal = openTerminal(["apply", "--file", dir], env);
    await terminal.waitFor("Apply these changes?");
    terminal.keys("y", "Enter");
    expect(await terminal.exitCode()).toBe(0);
    expect(terminal.screen()).toContain("Created twilio instance tty-a");
    expect(platform.emulator.instances().some((i) => i.name === "tty-a")).toBe(true);
  });

  it("never asks in CI, with --no-input or with --yes: the plan shown is the consent, but deleting without --yes is exit 2", async () => {
    const env = { ...platform.env, TWILIO_AUTH_TOKEN: AUTH_TOKEN, NO_COLOR: "1" };
    const dir = writeDir({ "b.json": instanceDoc("tty-b", { tags: ["tty"] }), "c.json": instanceDoc("tty-c", { tags: ["tty"] }) });
    for (const [args, extra, name] of [
      [["--file", join(dir, "b.json")], { CI: "true" }, "tty-b"],
      [["--file", join(dir, "c.json"), "--no-input"], {}, "tty-c"],
    ] as const) {
      terminal = openTerminal(["apply", ...args], { ...env, ...extra });
      expect(await terminal.exitCode()).toBe(0);
      expect(terminal.screen()).toContain(`+ twilio ${name}`);
      expect(terminal.screen()).not.toContain("Apply these changes?");
      expect(platform.emulator.instances().some((i) => i.name === name)).toBe(true);
      terminal.close();
    }
    // c.json is gone: pruning tty-c needs --yes in CI even at a terminal, and --yes never asks.
    rmSync(join(dir, "c.json"));
    terminal = openTerminal(["apply", "--file", dir, "--prune", "tty"], { ...env, CI: "true" });
    expect(await terminal.exitCode()).toBe(2);
    expect(terminal.screen()).toContain("without a terminal that needs --yes");
    expect(platform.emulator.instances().some((i) => i.name === "tty-c")).toBe(true);
    terminal.close();
    terminal = openTerminal(["apply", "--file", dir, "--prune", "tty", "--yes"], env);
    expect(await terminal.exitCode()).toBe(0);
    expect(terminal.screen()).not.toContain("Apply these changes?");
    expect(terminal.screen()).toContain("Deleted twilio instance tty-c");
    expect(platform.emulator.instances().some((i) => i.name === "tty-c")).toBe(false);
  });
});
