// Run-time checks of a library call's options: a JavaScript caller has no types to stop
// `ifExists: "overwrite"`, which must be refused by name, never read as some default.
import { UsageError } from "../errors.ts";

/** What one option may be: a kind, a list of allowed values, or a number range. */
export type OptionRule = "string" | "boolean" | "object" | "function" | "signal" | readonly string[] | { number: [number, number] } | { integer: [number, number] };

export type OptionRules = Record<string, OptionRule>;

/** Throws a UsageError naming the first option that breaks its rule and what it allows; `required` must be present. */
export function checkOptions(options: object, rules: OptionRules, required: readonly string[] = []): void {
  if (typeof options !== "object" || options === null) throw new UsageError(`The options must be an object, not ${describe(options)}.`);
  for (const name of required) {
    if ((options as Record<string, unknown>)[name] === undefined) throw new UsageError(`Option ${name} is required.`);
  }
  for (const [name, value] of Object.entries(options)) {
    const rule = rules[name];
    if (value === undefined || rule === undefined) continue; // unknown names are left alone: a settings object is often shared
    const allowed = problemOf(value, rule);
    if (allowed) throw new UsageError(`Option ${name} is ${describe(value)}; it must be ${allowed}.`);
  }
}

function problemOf(value: unknown, rule: OptionRule): string | undefined {
  if (Array.isArray(rule)) return rule.includes(value as string) ? undefined : `one of ${rule.map((v) => JSON.stringify(v)).join(", ")}`;
  if (rule === "signal") return value instanceof AbortSignal ? undefined : "an AbortSignal";
  if (rule === "object") return typeof value === "object" && value !== null && !Array.isArray(value) ? undefined : "an object";
  if (typeof rule === "string") return typeof value === rule ? undefined : `a ${rule}`;
  if (!("number" in rule) && !("integer" in rule)) return undefined;
  const [min, max] = "number" in rule ? rule.number : rule.integer;
  const ok = typeof value === "number" && Number.isFinite(value) && value >= min && value <= max && ("number" in rule || Number.isInteger(value));
  return ok ? undefined : `${"number" in rule ? "a number" : "a whole number"} from ${min} to ${max}`;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || Array.isArray(value)) return value === null ? "null" : "an array";
  return typeof value === "object" || typeof value === "function" ? `a ${typeof value}` : String(value);
}
