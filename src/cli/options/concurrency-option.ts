// `--concurrency <n>`, declared once for every command that runs many requests on the batch's
// worker pool: a batch provision, plan (its look-ups) and apply (its changes, phase by phase).
// The value is checked where it is used (src/batch/options.ts: parseConcurrency), so the parser
// stays light at start-up.
import type { OptionDefs } from "../define-command.ts";

export const CONCURRENCY_OPTION = {
  concurrency: { type: "string", flags: "--concurrency <n>", description: "requests in flight at once: instances of a batch, look-ups of a plan, changes of an apply (1 to 256, default 8)" },
} as const satisfies OptionDefs;
