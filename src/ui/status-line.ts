// One line at the bottom of a terminal that is redrawn in place (a batch's progress bar).
// Only ever created for a terminal on stderr, never with --json, --verbose or in CI
// (src/cli/context-from-options.ts decides); notes and results erase it before they print.
import type { Writable } from "node:stream";
import type { StatusLine } from "../context.ts";

export type { StatusLine };

/** A status line drawn on `stream`, which must be a terminal. */
export function createStatusLine(stream: Writable & { columns?: number }): StatusLine {
  let drawn = false;
  return {
    show(text) {
      const width = Math.max(20, (stream.columns || 80) - 1);
      stream.write(`\r\x1b[2K${text.length > width ? text.slice(0, width) : text}`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write("\r\x1b[2K");
      drawn = false;
    },
  };
}
