// What a command returns: data for `--json`, and a rendering of the same data for people.
import type { Style } from "./style.ts";

export interface CommandResult {
  /** The success document's fields, besides `ok: true`. */
  data: Record<string, unknown>;
  /** The same result for a person at a terminal (stdout). */
  text: (style: Style) => string;
  /** Secret values the user explicitly asked to see; everything else stays redacted. */
  reveal?: string[];
  /** Warnings for the person (stderr); in JSON they go into `warnings`. */
  warnings?: string[];
  /** Exit code other than 0 for a result that is still a document, e.g. a batch with failures. */
  exitCode?: number;
  /** The document's `ok` when the exit code alone does not say it (`plan --detailed-exitcode` exits 8 with ok: true). */
  ok?: boolean;
}
