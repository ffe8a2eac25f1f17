// A batch's results as Markdown for the GitHub Actions step summary (`$GITHUB_STEP_SUMMARY`):
// one row per instance, failures first, capped so a 10,000-instance batch stays readable
// (and under the runner's 1 MiB limit for a step's summary); the counts are always complete.
import { errorDocument } from "../ui/output.ts";
import { LIMITS_TEXT, MAX_LIST_BYTES, MAX_TABLE_BYTES, MAX_TABLE_ROWS, markdownCell } from "../ui/github.ts";
import type { ItemOutcome } from "./report.ts";

export const MAX_SUMMARY_ROWS = MAX_TABLE_ROWS;

/** The rows kept for the summary, and the ids and names for $GITHUB_OUTPUT. */
export function createSummaryRows() {
  const rows: string[] = [];
  const failures: string[] = [];
  const ids: number[] = [];
  const names: string[] = [];
  let left = 0;
  let tableBytes = 0;
  let listBytes = 2;
  return {
    add(outcome: ItemOutcome): void {
      if (outcome.ok && "record" in outcome && ids.length < MAX_TABLE_ROWS) {
        listBytes += Buffer.byteLength(JSON.stringify(outcome.record.name), "utf8") + 1;
        if (listBytes <= MAX_LIST_BYTES) {
          ids.push(outcome.record.id);
          names.push(outcome.record.name);
        }
      }
      const row = rowOf(outcome);
      const list = outcome.ok ? rows : failures;
      tableBytes += Buffer.byteLength(row, "utf8") + 1;
      if (rows.length + failures.length < MAX_SUMMARY_ROWS && tableBytes <= MAX_TABLE_BYTES) list.push(row);
      else left++;
    },
    markdown(counts: string): string {
      const table = ["| result | name | id | source |", "|---|---|---|---|", ...failures, ...rows];
      const more = left > 0 ? `\n\n${left} more instances are not listed: ${LIMITS_TEXT}` : "";
      return `### connector provision\n\n${table.join("\n")}${more}\n\n${counts}\n`;
    },
    outputs(): Record<string, string> {
      return { ids: JSON.stringify(ids), names: JSON.stringify(names) };
    },
  };
}

function rowOf(outcome: ItemOutcome): string {
  if (!outcome.ok) {
    const doc = errorDocument(outcome.error) as { message: string };
    return `| ✖ ${markdownCell(doc.message)} | ${markdownCell(outcome.name ?? "")} | | ${markdownCell(outcome.source)} |`;
  }
  if ("plan" in outcome) return `| planned | ${markdownCell(outcome.name)} | | ${markdownCell(outcome.source)} |`;
  return `| ✔ ${outcome.action} | ${markdownCell(outcome.record.name)} | ${outcome.record.id} | ${markdownCell(outcome.source)} |`;
}
