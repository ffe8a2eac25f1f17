// The saved plan (`plan --out plan.json`, `apply --plan plan.json`). It holds what the plan
// was made from and what it saw, never a secret: field values the platform shows in clear, a
// digest of each instance as read, and a fingerprint of each desired secret. `apply --plan`
// makes the plan again and carries it out only when the platform and the files are as they
// were (verify below); otherwise it refuses and changes nothing.
import { readFileSync } from "node:fs";
import { ApiError, ConfigError } from "../errors.ts";
import { replaceFile } from "../os/replace-file.ts";
import { redact } from "../secrets.ts";
import { changesDocument } from "./render.ts";
import { isSecretEntry } from "./diff.ts";
import { makeFingerprintTag, matchesFingerprint, type FingerprintKey } from "./fingerprint.ts";
import type { Plan, PlannedChange } from "./types.ts";

const FORMAT = "connector-plan";

interface SavedChange extends Record<string, unknown> {
  action: string;
  element: string;
  name: string;
  id?: number;
  fields?: unknown[];
  observed?: string;
  /** Fingerprints of the desired secrets, by entry key: the files must still hold these values. */
  secrets?: Record<string, string>;
}

export interface SavedPlan {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  profile: string;
  baseUrl: string;
  keyId: string;
  inputs: Plan["inputs"];
  prune?: string;
  replaceSecrets: boolean;
  changes: SavedChange[];
}

/** Writes the plan to `path`, mode 0600 from its first byte, replacing the file whole. */
export function writePlanFile(path: string, plan: Plan, key: FingerprintKey): void {
  const documents = changesDocument(plan.changes);
  const saved: SavedPlan = {
    format: FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    profile: plan.profile,
    baseUrl: plan.baseUrl,
    keyId: plan.keyId,
    inputs: plan.inputs,
    ...(plan.prune === undefined ? {} : { prune: plan.prune }),
    replaceSecrets: plan.replaceSecrets,
    changes: plan.changes.map((change, index) => ({
      ...(documents[index] as SavedChange),
      ...(change.observed ? { observed: change.observed } : {}),
      ...(change.resolved ? { secrets: secretFingerprints(change, key) } : {}),
    })),
  };
  // Nothing secret is put in, and redact makes sure of it: a registered secret never reaches the file.
  // Complete and durable, or the old plan left as it was; a busy target waited out on Windows.
  replaceFile(path, redact(JSON.stringify(saved, null, 2)) + "\n", { mode: 0o600 });
}

function secretFingerprints(change: PlannedChange, key: FingerprintKey): Record<string, string> {
  const resolved = change.resolved;
  if (!resolved) return {};
  const out: Record<string, string> = {};
  for (const [entryKey, value] of Object.entries(resolved.body.configuration)) if (isSecretEntry(resolved, entryKey)) out[entryKey] = makeFingerprintTag(key, entryKey, value);
  return out;
}

/** Reads a saved plan; a file that is not one is exit 3. */
export function readPlanFile(path: string): SavedPlan {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : "not a JSON plan";
    throw new ConfigError(
      `Cannot read the plan ${path}: ${why}.`,
      [{ key: "plan", problem: "invalid", message: `Cannot read the plan ${path}: ${why}.`, flag: "--plan" }],
      "Make one with: connector plan --file <dir> --out plan.json",
    );
  }
  const saved = value as Partial<SavedPlan>;
  if (saved?.format !== FORMAT || saved.version !== 1 || !Array.isArray(saved.changes) || !saved.inputs) {
    throw new ConfigError(`${path} is not a plan written by connector plan --out.`, [], "Make one with: connector plan --file <dir> --out plan.json");
  }
  return saved as SavedPlan;
}

function identity(change: { action: string; element: string; name: string; id?: number }): string {
  return change.action === "delete" ? `delete\0${change.id}` : `${change.element}\0${change.name}`;
}

function refuse(message: string): never {
  throw new ApiError(
    "conflict",
    `Refusing to apply the saved plan: ${message} Nothing was changed.`,
    undefined,
    undefined,
    "Make a new plan (connector plan ... --out plan.json), review it, and apply that one.",
  );
}

/** Checks that `fresh` (made now from the saved plan's inputs) is the saved plan; refuses (exit 5) otherwise. */
export function verifySavedPlan(saved: SavedPlan, fresh: Plan, key: FingerprintKey): void {
  if (saved.baseUrl !== fresh.baseUrl || saved.profile !== fresh.profile) refuse(`it was made for ${saved.baseUrl} (profile ${saved.profile}), not ${fresh.baseUrl} (profile ${fresh.profile}).`);
  if (saved.keyId !== key.id) refuse("it was made with another fingerprint key (other platform secrets or CONNECTOR_FINGERPRINT_KEY).");
  const now = new Map(fresh.changes.map((change) => [identity(change), change]));
  const documents = new Map(changesDocument(fresh.changes).map((doc, index) => [identity(fresh.changes[index] as PlannedChange), doc]));
  for (const before of saved.changes) {
    const after = now.get(identity(before));
    const label = `${before.element} instance "${before.name}"${before.id === undefined ? "" : ` (id ${before.id})`}`;
    if (!after) refuse(`${label} is no longer part of the plan (the platform or the files changed since).`);
    if (after.observed !== before.observed) {
      refuse(
        before.observed === undefined
          ? `${label} was to be created, but it exists now (someone else created it since the plan was made).`
          : `${label} changed on the platform since the plan was made.`,
      );
    }
    const { observed: _o, secrets, ...publicBefore } = before;
    if (JSON.stringify(publicBefore) !== JSON.stringify(documents.get(identity(before)))) refuse(`the files now want something else for ${label} than the plan says.`);
    for (const [entryKey, tag] of Object.entries(secrets ?? {})) {
      const value = after.resolved?.body.configuration[entryKey];
      if (value === undefined || !matchesFingerprint(key, entryKey, tag, value)) refuse(`${entryKey} of ${label} is not the value the plan was made with.`);
    }
    now.delete(identity(before));
  }
  const extra = [...now.values()].find((change) => change.action !== "none");
  if (extra) refuse(`${extra.element} instance "${extra.name}" would now be ${extra.action === "create" ? "created" : `${extra.action}d`} as well, which the plan does not say.`);
}
