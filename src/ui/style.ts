// Colour decisions in one place. chalk alone ignores NO_COLOR, so the level is
// decided here from the flags and environment, and passed to a chalk instance of our own.
import { Chalk, type ChalkInstance } from "chalk";

/** Whether output to a stream should be coloured, per `--no-color`, NO_COLOR, FORCE_COLOR, TTY. */
export function shouldColor(flag: boolean, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return isTTY && env.TERM !== "dumb";
}

export type Style = ChalkInstance;

/** A chalk instance that colours only when `enabled`. */
export function createStyle(enabled: boolean): Style {
  return new Chalk({ level: enabled ? 1 : 0 });
}
