// What a plan is: for each desired instance (and, with --prune, each instance no file wants)
// the action and every field that differs. Data only, so plan, apply, the saved plan file,
// the table, the --json document and the Markdown summary all come from one value.
import type { InstanceBody, PlatformInstance } from "../api/platform.ts";
import type { ResolvedInstance } from "../instance/resolve.ts";
import type { SecretComparison } from "./fingerprint.ts";

export type PlanAction = "create" | "update" | "delete" | "none";

/** One field that differs (or, for a secret, how it compares). Never holds a secret value. */
export interface FieldChange {
  key: string;
  from?: unknown;
  to?: unknown;
  secret?: true;
  comparison?: SecretComparison;
}

/** One instance's line of the plan. */
export interface PlannedChange {
  action: PlanAction;
  element: string;
  name: string;
  id?: number;
  /** The file (or NDJSON line) that wants it; absent for a delete. */
  source?: string;
  fields: FieldChange[];
  /** A digest of the instance as read (absent for a create): a saved plan is refused when it moved. */
  observed?: string;
  /** What to send: the body of a create, or the PATCH of an update (changed entries only, every tag). */
  body?: InstanceBody;
  /** The desired instance, for the store record after a create or an update. */
  resolved?: ResolvedInstance;
  /** The instance on the platform, when there is one. */
  current?: PlatformInstance;
}

export interface PlanSummary {
  create: number;
  update: number;
  delete: number;
  none: number;
}

export interface Plan {
  changes: PlannedChange[];
  summary: PlanSummary;
  /** What it was made from, so that `apply --plan` can make it again and compare. */
  inputs: { files: string[]; batch?: string };
  prune?: string;
  replaceSecrets: boolean;
  baseUrl: string;
  profile: string;
  /** The fingerprint key's id (src/plan/fingerprint.ts): a saved plan is only checked with the same key. */
  keyId: string;
  /** Non-fatal notes: secrets left alone, duplicates of a name. */
  warnings: string[];
}

/** True when carrying out the plan would change something. */
export function hasChanges(plan: Pick<Plan, "summary">): boolean {
  return plan.summary.create + plan.summary.update + plan.summary.delete > 0;
}

/** The counts of each action. */
export function summarize(changes: readonly PlannedChange[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, delete: 0, none: 0 };
  for (const change of changes) summary[change.action]++;
  return summary;
}
