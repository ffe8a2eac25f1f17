// `--max-rate <per-second>` (CONNECTOR_MAX_RATE), for the commands that send many requests: a
// batch of `provision`, `plan` and `apply`. Declared once here; `withMaxRate` checks the value
// and gives the command a context whose rate limits are capped by it (api/rate-limits.ts).
import { createRateLimits } from "../../api/rate-limits.ts";
import type { Context } from "../../context.ts";
import { UsageError } from "../../errors.ts";
import type { OptionDefs } from "../define-command.ts";

export const MAX_RATE_OPTION = {
  maxRate: {
    type: "string",
    flags: "--max-rate <per-second>",
    description: "never more requests a second to the platform than this; below it the rate adapts to 429s by itself (default: no cap)",
    env: "CONNECTOR_MAX_RATE",
  },
} as const satisfies OptionDefs;

/** Far above any platform's limit; a larger value is a typo. */
const MAX_RATE = 100_000;

/** `--max-rate`: a positive number of requests a second (0.5 and 20 alike); undefined when absent. */
export function parseMaxRate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const rate = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(rate > 0) || rate > MAX_RATE) {
    throw new UsageError(`--max-rate ${value} is not a number of requests a second above 0 (at most ${MAX_RATE}).`, "For example: --max-rate 20 (or CONNECTOR_MAX_RATE=20).");
  }
  return rate;
}

/** The context a command runs with: the same, with its rate limits capped at `--max-rate` when given. */
export function withMaxRate(ctx: Context, value: string | undefined): Context {
  const maxRate = parseMaxRate(value);
  return maxRate === undefined ? ctx : { ...ctx, rateLimits: createRateLimits({ maxRate }) };
}
