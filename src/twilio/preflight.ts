// The Twilio preflight of one resolved instance: find its Twilio values, ask Twilio, and say
// what came back, as data (checks), as problems (for provision --verify) and as text. The
// entries are found by their flags (--account-sid, --auth-token, --sender), which every Twilio
// element shares, so a new element needs no code here.
import { clientOptionsOf, type Context } from "../context.ts";
import { ConfigError, UsageError, type Problem } from "../errors.ts";
import type { EntryDefinition } from "../elements/index.ts";
import type { ResolvedInstance } from "../instance/resolve.ts";
import type { Style } from "../ui/style.ts";
import { runChecks, type PreflightCheck, type PreflightValues } from "./checks.ts";
import { createTwilioClient } from "./client.ts";
import { resolveTwilioEndpoints, type TwilioEndpoints, type TwilioUrlFlags } from "./endpoints.ts";
import { resolveTwilioCredential, type ApiKeyFlags, type TwilioCredential } from "./credentials.ts";

export type { PreflightCheck } from "./checks.ts";
export type { TwilioUrlFlags } from "./endpoints.ts";

export interface PreflightReport {
  checks: PreflightCheck[];
  endpoints: TwilioEndpoints;
  /** Which credential asked Twilio: the instance's Auth Token, or an API key (`--api-key`). */
  credential: TwilioCredential["kind"];
  passed: boolean;
}

/** What the preflight takes from the command line: where Twilio is, and an API key instead of the Auth Token. */
export type PreflightFlags = TwilioUrlFlags & ApiKeyFlags;

interface TwilioEntries {
  account: EntryDefinition;
  token: EntryDefinition;
  sender?: EntryDefinition;
}

/** The element's entries that hold the Account SID, the Auth Token and the sender. */
export function findTwilioEntries(resolved: ResolvedInstance): TwilioEntries {
  const byFlag = (flag: string) => resolved.element.entries.find((entry) => entry.flag === flag);
  const account = byFlag("--account-sid");
  const token = byFlag("--auth-token");
  if (!account || !token) throw new UsageError(`Element ${resolved.element.key} has no Twilio Account SID and Auth Token entries to verify.`, "Verify an instance of element twilio or twiliov2.");
  return { account, token, sender: byFlag("--sender") };
}

/** The values to check; undefined entries are reported by validation before this runs. */
export function preflightValues(resolved: ResolvedInstance): PreflightValues {
  const entries = findTwilioEntries(resolved);
  const config = resolved.body.configuration;
  const sender = entries.sender ? config[entries.sender.key] : undefined;
  return { accountSid: config[entries.account.key] ?? "", authToken: config[entries.token.key] ?? "", ...(sender === undefined ? {} : { sender }) };
}

/** Asks Twilio about the instance's credentials and sender. Nothing goes to the platform. */
export async function runPreflight(resolved: ResolvedInstance, ctx: Context, flags: PreflightFlags): Promise<PreflightReport> {
  const endpoints = resolveTwilioEndpoints(flags, ctx.env);
  const values = preflightValues(resolved);
  const credential = await resolveTwilioCredential(values, flags, ctx);
  const client = createTwilioClient({ endpoints, accountSid: values.accountSid, user: credential.user, secret: credential.secret, ...clientOptionsOf(ctx) });
  try {
    const checks = await runChecks(values, client, credential.kind);
    return { checks, endpoints, credential: credential.kind, passed: checks.every((check) => check.status !== "failed") };
  } finally {
    await client.close();
  }
}

/** For provision --verify: the report when every check passed, else a ConfigError (exit 3) listing the failures; nothing reaches the platform. */
export async function requirePreflight(resolved: ResolvedInstance, ctx: Context, flags: PreflightFlags): Promise<PreflightReport> {
  const report = await runPreflight(resolved, ctx, flags);
  if (report.passed) return report;
  const problems = preflightProblems(report, resolved);
  throw new ConfigError(`Twilio refused ${problems.length === 1 ? "a check" : `${problems.length} checks`} of the preflight (--verify); nothing was sent to the platform.`, problems);
}

/** Failed checks as the contract's problems, naming the entry to fix, its flag and variable, and Twilio's code. */
export function preflightProblems(report: PreflightReport, resolved: ResolvedInstance): Problem[] {
  const entries = findTwilioEntries(resolved);
  return report.checks
    .filter((check) => check.status === "failed")
    .map((check) => {
      const entry = check.check === "credentials" ? entries.account : (entries.sender ?? entries.account);
      const code = check.twilioCode === undefined ? {} : { twilioCode: check.twilioCode };
      return {
        key: entry.key,
        problem: "invalid" as const,
        message: `Twilio ${check.check} check failed: ${check.summary}${check.hint ? ` ${check.hint}` : ""}`,
        ...(entry.flag ? { flag: entry.flag } : {}),
        ...(entry.env ? { env: entry.env } : {}),
        ...code,
      };
    });
}

/** The checks as lines for a terminal: a mark, the check, what was found, and the hint under a failure. */
export function renderChecks(report: PreflightReport, s: Style): string {
  const marks = { passed: s.green("✔"), failed: s.red("✖"), skipped: s.dim("–") };
  const lines = [`Twilio preflight against ${report.endpoints.api}${report.endpoints.messaging === report.endpoints.api ? "" : ` and ${report.endpoints.messaging}`}:`];
  for (const check of report.checks) {
    lines.push(`  ${marks[check.status]} ${check.check.padEnd(12)} ${check.summary}`);
    if (check.status === "failed" && check.hint) lines.push(`    ${s.cyan("→")} ${check.hint}`);
  }
  return lines.join("\n");
}
