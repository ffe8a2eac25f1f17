// A plan for people and for programs: the table at a terminal (`+` create, `~` update with
// `field: old → new`, `-` delete, the counts last), the --json `changes`, and the Markdown
// of a GitHub step summary. Secrets appear by name only, with how they compare.
import type { Style } from "../ui/style.ts";
import { capRows, LIMITS_TEXT, markdownCell } from "../ui/github.ts";
import type { FieldChange, Plan, PlannedChange, PlanSummary } from "./types.ts";

const SIGNS = { create: "+", update: "~", delete: "-", none: "=" } as const;

/** The `changes` of the --json document; `withIds` adds each instance's id after an apply. */
export function changesDocument(changes: readonly PlannedChange[]): Record<string, unknown>[] {
  return changes.map((change) => ({
    action: change.action,
    element: change.element,
    name: change.name,
    ...(change.id === undefined ? {} : { id: change.id }),
    ...(change.source ? { source: change.source } : {}),
    ...(change.fields.length > 0 ? { fields: change.fields.map((field) => ({ ...field })) } : {}),
  }));
}

function show(value: unknown): string {
  if (value === undefined) return "(none)";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** One field as the table shows it. */
export function fieldText(field: FieldChange, action: PlannedChange["action"]): string {
  if (field.secret) {
    if (action === "create") return `${field.key}: (secret, set)`;
    if (field.comparison === "unknown") return `${field.key}: (secret, unknown: not set by connector with this key; left alone without --replace-secrets)`;
    return `${field.key}: (secret, ${field.comparison})`;
  }
  return action === "create" ? `${field.key}: ${show(field.to)}` : `${field.key}: ${show(field.from)} → ${show(field.to)}`;
}

/** The counts line: "Plan: 1 to create, 2 to update, 0 to delete, 3 unchanged." */
export function countsText(summary: PlanSummary, done = false): string {
  const verbs = done ? ["created", "updated", "deleted"] : ["to create", "to update", "to delete"];
  return `${done ? "Applied" : "Plan"}: ${summary.create} ${verbs[0]}, ${summary.update} ${verbs[1]}, ${summary.delete} ${verbs[2]}, ${summary.none} unchanged.`;
}

/** The terminal table: changes first, unchanged instances in one dim line each. */
export function planText(plan: Pick<Plan, "changes" | "summary">, s: Style, done = false): string {
  const colour = { create: s.green, update: s.yellow, delete: s.red, none: s.dim } as const;
  const lines: string[] = [];
  for (const change of plan.changes) {
    if (change.action === "none" && change.fields.length === 0) continue;
    const id = change.id === undefined ? "" : ` (id ${change.id})`;
    const where = change.source ? `  ${s.dim(change.source)}` : "";
    lines.push(`${colour[change.action](SIGNS[change.action])} ${change.element} ${s.bold(change.name)}${id}${where}`);
    // A create's fields are all of the file: the --json document lists them, the table does not.
    if (change.action !== "create") for (const field of change.fields) lines.push(`    ${fieldText(field, change.action)}`);
  }
  if (lines.length === 0) lines.push(done ? "Nothing to change: the platform already matches the files." : "No changes: the platform matches the files.");
  lines.push("", countsText(plan.summary, done));
  return lines.join("\n");
}

/** The Markdown of a GitHub step summary: a table of the changes and the counts. */
export function planMarkdown(plan: Pick<Plan, "changes" | "summary">, title: string, done = false): string {
  const rows = plan.changes
    .filter((change) => change.action !== "none")
    .map((change) => {
      const fields = (change.action === "create" ? [] : change.fields).map((field) => markdownCell(fieldText(field, change.action))).join("<br>");
      return `| \`${SIGNS[change.action]}\` ${change.action} | ${markdownCell(change.element)} | ${markdownCell(change.name)} | ${change.id ?? ""} | ${fields} |`;
    });
  const shown = capRows(rows);
  const table = rows.length > 0 ? ["| action | element | name | id | fields |", "|---|---|---|---|---|", ...shown.rows].join("\n") : "No changes.";
  const more = shown.left > 0 ? `\n\n${shown.left} more changes are not listed: ${LIMITS_TEXT} The counts below are complete; --json lists every change.` : "";
  return `### ${title}\n\n${table}${more}\n\n${countsText(plan.summary, done)}\n`;
}
