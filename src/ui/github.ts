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
  return `::error${where}::${escapeData(redact(problem.message))}`;
}

/** The annotations of a failure: one per located problem, else one for the error itself. */
export function errorAnnotations(error: unknown): string[] {
  if (error instanceof ConfigError && error.problems.length > 0) return error.problems.map(problemAnnotation);
  const message = error instanceof CliError ? error.message : error instanceof Error ? error.message : String(error);
  return [`::error::${escapeData(redact(message))}`];
}

/** `::add-mask::value`: the runner hides `value` in the job's log from then on (so `value` is kept as it is, but for the runner's own escapes). */
export function maskCommand(value: string): string {
  return `::add-mask::${runnerEscape(value)}`;
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
    const safe = printable(redact(value));
    if (!/[\r\n]/.test(safe)) text += `${name}=${safe}\n`;
    else {
      const delimiter = `connector_${randomUUID()}`;
      text += `${name}<<${delimiter}\n${safe}\n${delimiter}\n`;
    }
  }
  appendFileSync(file, text);
  return true;
}

/** A Markdown table cell: pipes and line breaks would break the table; control characters are shown escaped. */
export function markdownCell(text: string): string {
  return printable(text).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
