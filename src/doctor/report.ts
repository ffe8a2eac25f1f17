// The checklist for a person, and the summary that decides the exit code.
import { CliError, exitCodeOf, type ErrorCode } from "../errors.ts";
import type { Style } from "../ui/style.ts";
import type { Check } from "./types.ts";

/** The checklist: one line a check, a hint under each problem, a closing verdict. */
export function renderChecklist(checks: Check[], heading: string, s: Style): string {
  const width = Math.max(...checks.map((c) => c.title.length));
  const mark = { ok: s.green("✔"), warn: s.yellow("!"), fail: s.red("✖"), skip: s.dim("-") };
  const lines = [heading];
  for (const check of checks) {
    lines.push(`  ${mark[check.status]} ${check.title.padEnd(width)}  ${check.status === "skip" ? s.dim(check.detail) : check.detail}`);
    if (check.hint && (check.status === "warn" || check.status === "fail")) lines.push(`${" ".repeat(width + 6)}${s.cyan("→")} ${check.hint}`);
  }
  const failed = checks.filter((c) => c.status === "fail").length;
  const warned = checks.filter((c) => c.status === "warn").length;
  lines.push(failed ? s.red(`${failed} problem${failed === 1 ? "" : "s"} found.`) : warned ? s.yellow(`No problems; ${warned} warning${warned === 1 ? "" : "s"}.`) : s.green("All checks passed."));
  return lines.join("\n");
}

/** The failure a failed check stands for (the first one), as the JSON `error` and the exit code. */
export function verdictOf(checks: Check[]): { exitCode: number; error?: { code: ErrorCode; message: string } } {
  const failed = checks.filter((c) => c.status === "fail");
  const first = failed[0];
  if (!first) return { exitCode: 0 };
  const code = first.code ?? "internal";
  const message = `${failed.length} check${failed.length === 1 ? "" : "s"} failed: ${failed.map((c) => `${c.title} (${c.detail})`).join("; ")}`;
  return { exitCode: exitCodeOf(new CliError(code, message)), error: { code, message } };
}
