// Logto-style message templates: the CLI's own section of instance.json, stored with the
// instance's token and never sent to the platform. `send --template <usageType>` picks one,
// falls back to `Generic`, and fills `{{code}}`.
import { randomInt } from "../random.ts";
import type { Problem } from "../errors.ts";
import { suggestClosest } from "./suggest.ts";

export const USAGE_TYPES: readonly string[] = [
  "Register",
  "SignIn",
  "ForgotPassword",
  "Generic",
  "Test",
  "OrganizationInvitation",
  "UserPermissionValidation",
  "BindNewIdentifier",
  "MfaVerification",
  "BindMfa",
];

export interface Template {
  usageType: string;
  content: string;
}

/** `{{code}}`, with spaces allowed inside the braces (`{{ code }}`), as Logto accepts. */
const CODE_PLACEHOLDER = /\{\{\s*code\s*\}\}/;

/** Checks the file's `templates` section; every problem is reported, valid templates kept. */
export function validateTemplates(raw: unknown[] | undefined): { templates: Template[]; problems: Problem[] } {
  const templates: Template[] = [];
  const problems: Problem[] = [];
  const firstIndexOf = new Map<string, number>();
  (raw ?? []).forEach((item, index) => {
    const at = `templates[${index}]`;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      problems.push(invalid(at, `Invalid ${at}: expected an object such as {"usageType": "SignIn", "content": "Your code is {{code}}"}.`));
      return;
    }
    const { usageType, content } = item as Record<string, unknown>;
    const usageProblem = checkUsageType(usageType, `${at}.usageType`);
    const contentProblem = checkContent(content, `${at}.content`);
    if (usageProblem) problems.push(usageProblem);
    if (contentProblem) problems.push(contentProblem);
    if (usageProblem || typeof usageType !== "string") return;
    const earlier = firstIndexOf.get(usageType);
    if (earlier !== undefined) {
      problems.push(invalid(`${at}.usageType`, `Invalid ${at}.usageType: ${usageType} is already defined by templates[${earlier}]. Keep one template per usage type.`));
      return;
    }
    firstIndexOf.set(usageType, index);
    if (!contentProblem && typeof content === "string") templates.push({ usageType, content });
  });
  return { templates, problems };
}

/** The template for `usageType`, else the `Generic` one, else undefined. */
export function pickTemplate(templates: Template[], usageType: string): Template | undefined {
  return templates.find((t) => t.usageType === usageType) ?? templates.find((t) => t.usageType === "Generic");
}

/** The message text: every `{{code}}` of the template replaced by `code`. */
export function renderTemplate(template: Template, code: string): string {
  return template.content.replace(new RegExp(CODE_PLACEHOLDER.source, "g"), () => code);
}

/** A random 6-digit verification code, leading zeros kept ("004217"), from a CSPRNG. */
export function generateCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/** Checks one usageType; suggests the closest known one on a typo. */
function checkUsageType(value: unknown, key: string): Problem | undefined {
  if (typeof value !== "string") {
    return invalid(key, `Invalid ${key}: expected one of ${USAGE_TYPES.join(", ")}.`);
  }
  if (USAGE_TYPES.includes(value)) return undefined;
  const closest = suggestClosest(value, USAGE_TYPES);
  const hint = closest ? `did you mean ${closest}? ` : "";
  return invalid(key, `Invalid ${key}: ${JSON.stringify(value.slice(0, 40))} is not a usage type; ${hint}expected one of ${USAGE_TYPES.join(", ")}.`);
}

/** Checks one content: a non-empty string with the `{{code}}` placeholder. */
function checkContent(value: unknown, key: string): Problem | undefined {
  if (typeof value !== "string") return invalid(key, `Invalid ${key}: expected the message text, a string containing {{code}}.`);
  if (!CODE_PLACEHOLDER.test(value)) return invalid(key, `Invalid ${key}: the text must contain {{code}} where the verification code goes.`);
  return undefined;
}

function invalid(key: string, message: string): Problem {
  return { key, problem: "invalid", message };
}
