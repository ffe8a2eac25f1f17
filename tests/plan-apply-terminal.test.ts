// apply at a real terminal (tmux): it shows the plan and asks; "no" changes nothing, "yes"
// applies. Without a terminal it never asks (tests/plan-apply.test.ts).
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
});
