// The only module that writes results and errors. Everything passes through `redact`, so no
// secret can reach stdout or stderr unless the user asked for exactly that value.
import type { TextSink } from "./coalesced-output.ts";
import { CliError, ConfigError, ApiError, ProviderError, NetworkError, NotStoredError, UsageError, exitCodeOf, type Problem } from "../errors.ts";
import { redact, redactDeep, revealSet } from "../secrets.ts";
import { printable } from "./printable.ts";
import type { CommandResult } from "./result.ts";
import type { Style } from "./style.ts";
import { errorAnnotations, logSafe, maskCommand } from "./github.ts";

export interface OutputStreams {
  stdout: TextSink;
  stderr: TextSink;
}

export interface OutputMode {
  json: boolean;
  verbose: boolean;
  style: Style;
  errStyle: Style;
  /** GitHub Actions: failures become annotations, revealed tokens are masked first (src/ui/github.ts). */
  github?: boolean;
}

/** Writes a successful result: one JSON document, or text plus warnings on stderr. */
export function writeResult(result: CommandResult, mode: OutputMode, io: OutputStreams): void {
  const reveal = revealSet(result.reveal);
  // The runner must know a token is secret before it reads it on stdout.
  if (mode.github) for (const value of result.reveal ?? []) if (value) io.stderr.write(maskCommand(value) + "\n");
  if (mode.json) {
    const doc = { ok: result.ok ?? (result.exitCode === undefined || result.exitCode === 0), ...result.data, ...(result.warnings?.length ? { warnings: result.warnings } : {}) };
    io.stdout.write(serialise(doc, reveal) + "\n");
    return;
  }
  const log = mode.github ? logSafe : (text: string) => text;
  for (const warning of result.warnings ?? []) io.stderr.write(printable(redact(log(`${mode.errStyle.yellow("Warning:")} ${warning}`)), mode.errStyle.level > 0) + "\n");
  const text = printable(redact(log(result.text(mode.style)), reveal), mode.style.level > 0);
  if (text) io.stdout.write(text + (text.endsWith("\n") ? "" : "\n"));
}

/** The JSON `error` object of the contract for any thrown value. */
export function errorDocument(error: unknown): Record<string, unknown> {
  if (!(error instanceof CliError)) return { code: "internal", message: `Unexpected error: ${messageOf(error)}` };
  const doc: Record<string, unknown> = { code: error.code, message: error.message };
  if (error.hint) doc.hint = error.hint;
  if (error instanceof UsageError && error.suggestion) doc.suggestion = error.suggestion;
  if (error instanceof ApiError || error instanceof ProviderError) {
    if (error.status !== undefined) doc.status = error.status;
    if (error.requestId) doc.requestId = error.requestId;
  }
  if (error instanceof ProviderError || error instanceof ApiError) {
    if (error.twilioCode !== undefined) doc.twilioCode = error.twilioCode;
    if (error.moreInfo) doc.moreInfo = error.moreInfo;
  }
  if (error instanceof NetworkError) doc.kind = error.kind;
  if (error instanceof NotStoredError) doc.id = error.instanceId;
  if (error instanceof ConfigError && error.problems.length) doc.problems = error.problems;
  if (error instanceof ConfigError && error.warnings.length) doc.warnings = error.warnings;
  return doc;
}

/** Writes a failure: the JSON document on stdout, or a readable report on stderr. */
export function writeError(error: unknown, mode: OutputMode, io: OutputStreams): number {
  const code = exitCodeOf(error);
  if (mode.github) for (const line of errorAnnotations(error)) io.stderr.write(line + "\n");
  if (mode.json) {
    const head = { ok: false, error: errorDocument(error) };
    // `ok` and `error` first and never overwritten by the details that follow them.
    const doc = error instanceof CliError && error.details ? Object.assign({ ...head }, error.details, head) : head;
    io.stdout.write(serialise(doc, revealSet()) + "\n");
  }
  const report = renderError(error, mode);
  if (!mode.json || mode.verbose) io.stderr.write(printable(redact(mode.github ? logSafe(report) : report), mode.errStyle.level > 0) + "\n");
  return code;
}

/**
 * One JSON document with every secret masked before serialising (JSON's escaping of `"`, `\\`
 * and control characters cannot hide one), then once more as text, and bidirectional controls
 * escaped (JSON leaves them raw; a terminal would reorder the line).
 */
function serialise(doc: unknown, reveal: ReadonlySet<string>): string {
  return printable(redact(JSON.stringify(redactDeep(doc, undefined, reveal)), reveal));
}

function renderError(error: unknown, mode: OutputMode): string {
  const s = mode.errStyle;
  if (!(error instanceof CliError)) {
    const lines = [`${s.red("Error:")} unexpected error: ${messageOf(error)}`, "This is a bug in connector. Run again with --verbose to see where it happened, and report it."];
    if (mode.verbose && error instanceof Error && error.stack) lines.push(s.dim(error.stack));
    return lines.join("\n");
  }
  // A problem that only repeats the headline (a corrupt store, a file that is not JSON) is said
  // once: its place in the file, if it has one, goes before the headline, where editors link it.
  const echo = error instanceof ConfigError ? error.problems.find((p) => p.message === error.message) : undefined;
  const lines = [`${s.red("Error:")} ${echo ? locationPrefix(echo) : ""}${error.message}`];
  if (error instanceof UsageError && error.suggestion) lines.push(`Did you mean ${s.bold(error.suggestion)}?`);
  if (error instanceof ConfigError) lines.push(...error.problems.filter((p) => p !== echo).map((p) => `  ${s.red("✖")} ${locationPrefix(p)}${p.message}`));
  if (error instanceof ConfigError) lines.push(...error.warnings.map((w) => `  ${s.yellow("!")} ${w}`));
  if ((error instanceof ApiError || error instanceof ProviderError) && error.requestId) lines.push(s.dim(`  request id: ${error.requestId}`));
  if (error instanceof ProviderError && error.moreInfo) lines.push(s.dim(`  more: ${error.moreInfo}`));
  if (error.hint) lines.push(`${s.cyan("→")} ${error.hint}`);
  return lines.join("\n");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `file:line:column: ` before a problem read from a file (editors and CI logs link it), else nothing. */
export function locationPrefix(problem: Problem): string {
  return problem.file !== undefined && problem.line !== undefined ? `${problem.file}:${problem.line}:${problem.column ?? 1}: ` : "";
}
