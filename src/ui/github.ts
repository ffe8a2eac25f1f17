// GitHub Actions (GITHUB_ACTIONS=true): workflow commands and the files the runner names.
// Commands go to stderr (the runner reads both streams), so stdout stays one JSON document
// under --json. Every text passes through `redact` before it is written anywhere.
import { appendFileSync } from "node:fs";
import { CliError, ConfigError, type Problem } from "../errors.ts";
import { redact } from "../secrets.ts";
import { randomUUID } from "../random.ts";
import { printable } from "./printable.ts";

/** True when running as a step of a GitHub Actions job. */
export function inGithubActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === "true";
}

/** The workflow commands this program made, so that the log's guard (logSafe) lets exactly these through. */
const ownCommands = new Set<string>();

function own(line: string): string {
  ownCommands.add(line);
  return line;
}

/**
 * `text` fit for a job's log: the runner takes any line whose first characters but blanks are `::`
 * as a workflow command, so in outside text (a name from the platform, a message) such a line
 * begins `\u003a:` instead. A workflow command this program made is left as it is.
 */
export function logSafe(text: string): string {
  if (ownCommands.has(text)) return text;
  return text.replace(/^(\s*):(?=:)/gm, "$1\\u003a");
}

/** `text` escaped as the runner expects of a workflow command's data. */
function runnerEscape(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A workflow command's message: outside text (a name, a platform message), with its control characters shown escaped. */
function escapeData(text: string): string {
  return runnerEscape(printable(text));
}

/** A workflow command's property value (`file=...`), escaped as the runner expects. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** `::error file=...,line=...,col=...::message` for a located problem, else `::error::message`. */
export function problemAnnotation(problem: Problem): string {
  const where = problem.file !== undefined && problem.line !== undefined ? ` file=${escapeProperty(problem.file)},line=${problem.line},col=${problem.column ?? 1}` : "";
  return own(`::error${where}::${escapeData(redact(problem.message))}`);
}

/** The annotations of a failure: one per located problem, else one for the error itself. */
export function errorAnnotations(error: unknown): string[] {
  if (error instanceof ConfigError && error.problems.length > 0) return error.problems.map(problemAnnotation);
  const message = error instanceof CliError ? error.message : error instanceof Error ? error.message : String(error);
  return [own(`::error::${escapeData(redact(message))}`)];
}

/** `::add-mask::value`: the runner hides `value` in the job's log from then on (so `value` is kept as it is, but for the runner's own escapes). */
export function maskCommand(value: string): string {
  return own(`::add-mask::${runnerEscape(value)}`);
}

/** Appends Markdown to the file $GITHUB_STEP_SUMMARY names (shown on the run's page); nothing without it. */
export function appendStepSummary(env: NodeJS.ProcessEnv, markdown: string): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  appendFileSync(file, redact(markdown.endsWith("\n") ? markdown : `${markdown}\n`));
}

/**
 * Appends step outputs to the file $GITHUB_OUTPUT names; a value with line breaks uses a delimiter.
 * Later steps print these values into the job's log, so control characters are escaped here too.
 */
export function writeGithubOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, string>): boolean {
  const file = env.GITHUB_OUTPUT;
  if (!file) return false;
  let text = "";
  for (const [name, value] of Object.entries(outputs)) {
    // Only the Markdown summary has lines; any other value (a name) is one line, its breaks shown escaped.
    const lines = name === "summary" ? value : value.replace(/\r/g, "\\r").replace(/\n/g, "\\n");
    const whole = printable(redact(lines));
    // The tables and lists are capped where they are made; this bounds any other value (a name).
    const safe = whole.length > MAX_OUTPUT_CHARS ? `${whole.slice(0, MAX_OUTPUT_CHARS - 1)}…` : whole;
    if (!/[\r\n]/.test(safe)) text += `${name}=${safe}\n`;
    else {
      const delimiter = `connector_${randomUUID()}`;
      text += `${name}<<${delimiter}\n${safe}\n${delimiter}\n`;
    }
  }
  appendFileSync(file, text);
  return true;
}

/** At most this many characters of outside text in one cell of a table (cut with …). */
const MAX_CELL_CHARS = 300;

/**
 * A Markdown table cell: outside text shown as text. Line breaks would end the row and `|` the cell;
 * `\\`, backtick, `*`, `_`, `~`, `[`, `]`, `!`, `<`, `>`, `&` and `#` would make emphasis, code, a
 * link, an image, HTML or an entity; `:`, `@` and the dot of `www.` would make an autolink. Each is
 * escaped with a backslash (GitHub shows the character itself); control characters are shown escaped.
 */
export function markdownCell(text: string): string {
  const shown = printable(text).replace(/\r\n|[\r\n\u2028\u2029]/g, " ");
  const cut = shown.length > MAX_CELL_CHARS ? `${shown.slice(0, MAX_CELL_CHARS - 1)}…` : shown;
  return cut.replace(/[\\`*_~[\]!<>&#|:@]/g, "\\$&").replace(/(www)\./gi, "$1\\.");
}

/** At most this many rows in a table of the step summary. */
export const MAX_TABLE_ROWS = 500;
/**
 * ...and at most this many bytes: GitHub takes at most 1 MiB of step summary a step and 1 MB of
 * outputs a job, and a plan's table is also its `summary` output.
 */
export const MAX_TABLE_BYTES = 256 * 1024;
/** The most bytes of a list output (`ids`, `names`) as JSON. */
export const MAX_LIST_BYTES = 64 * 1024;

/** What the summary says when a table or a list was cut. */
export const LIMITS_TEXT = `a table shows at most ${MAX_TABLE_ROWS} rows and ${MAX_TABLE_BYTES / 1024} KiB, the ids and names outputs at most ${MAX_TABLE_ROWS} entries and ${MAX_LIST_BYTES / 1024} KiB each (GitHub's limits: 1 MiB of summary a step, 1 MB of outputs a job).`;

/** The most characters of one output: a table of MAX_TABLE_BYTES with its heading and counts fits. */
const MAX_OUTPUT_CHARS = MAX_TABLE_BYTES + 16 * 1024;

/** The first rows of a table that fit the caps, and how many were left out. */
export function capRows(rows: readonly string[]): { rows: string[]; left: number } {
  const kept: string[] = [];
  let bytes = 0;
  for (const row of rows) {
    bytes += Buffer.byteLength(row, "utf8") + 1;
    if (kept.length >= MAX_TABLE_ROWS || bytes > MAX_TABLE_BYTES) break;
    kept.push(row);
  }
  return { rows: kept, left: rows.length - kept.length };
}

/** The first values of a list output that fit the caps (as many as a table shows, MAX_LIST_BYTES of JSON). */
export function capList<T>(values: readonly T[]): T[] {
  const kept: T[] = [];
  let bytes = 2;
  for (const value of values) {
    bytes += Buffer.byteLength(JSON.stringify(value), "utf8") + 1;
    if (kept.length >= MAX_TABLE_ROWS || bytes > MAX_LIST_BYTES) break;
    kept.push(value);
  }
  return kept;
}
