// `connector verify`: asks Twilio itself whether the instance's Account SID, Auth Token and
// sender work, before anything reaches the platform (which accepts wrong Twilio credentials
// and answers 200). Each check is reported; a failed one makes the exit code 3.
import type { Context } from "../context.ts";
import type { InstanceFlags } from "../instance/flags.ts";
import { ConfigError, type Problem } from "../errors.ts";
import type { ResolvedInstance } from "../instance/resolve.ts";
import { findTwilioEntries, preflightProblems, renderChecks, runPreflight, type PreflightFlags } from "../twilio/preflight.ts";
import { requestedApiKey } from "../twilio/credentials.ts";
import type { CommandResult } from "../ui/result.ts";
import { gatherInstance } from "../instance/gather.ts";
import { shellQuote } from "../ui/shell-quote.ts";

export type VerifyOptions = InstanceFlags & PreflightFlags;

/** Runs the Twilio preflight on the instance built from a file, flags and environment. */
export async function verify(options: VerifyOptions, ctx: Context): Promise<CommandResult> {
  // With an API key, the Auth Token is not what asks Twilio: its absence only warns.
  const withApiKey = requestedApiKey(options, ctx.env) !== undefined;
  const resolved = await gatherInstance(options, ctx, { prompt: false });
  const { blocking, others } = splitProblems(resolved, withApiKey);
  if (blocking.length > 0) {
    const count = blocking.length;
    throw new ConfigError(`Cannot verify: ${count} missing or invalid entr${count === 1 ? "y" : "ies"}; nothing was sent to Twilio.`, blocking);
  }
  const report = await runPreflight(resolved, ctx, options);
  const failed = report.checks.filter((check) => check.status === "failed");
  const data = {
    element: resolved.element.key,
    ...(resolved.body.name ? { name: resolved.body.name } : {}),
    twilioApiUrl: report.endpoints.api,
    twilioMessagingUrl: report.endpoints.messaging,
    credential: report.credential,
    checks: report.checks,
  };
  const keyNote =
    report.credential === "api-key"
      ? ["Verified with an API key: the instance keeps the Auth Token (the element has no API-key entry), which this run did not check; connector provision --test-to does."]
      : [];
  const warnings = [...resolved.warnings, ...keyNote, ...others.map((p) => `${p.message} (not needed to verify; connector validate reports it too)`)];
  if (failed.length === 0) {
    return {
      data,
      warnings,
      text: (s) => `${renderChecks(report, s)}\n${s.green("✔")} Twilio accepts this configuration. Next: connector provision${options.file ? ` --file ${shellQuote(options.file)}` : ""}`,
    };
  }
  const message = `${failed.length} of ${report.checks.length} Twilio checks failed; nothing was sent to the platform.`;
  return {
    data: { ...data, error: { code: "invalid_config", message, problems: preflightProblems(report, resolved) } },
    warnings,
    exitCode: 3,
    text: (s) => `${renderChecks(report, s)}\n${s.red("✖")} ${message}`,
  };
}

/** Problems that stop the checks (a Twilio entry, the file, the element) and the rest, which only warn. */
function splitProblems(resolved: ResolvedInstance, withApiKey: boolean): { blocking: Problem[]; others: Problem[] } {
  if (resolved.problems.some((p) => p.key === "element.key")) return { blocking: resolved.problems, others: [] };
  const entries = findTwilioEntries(resolved);
  const twilioKeys = new Set([entries.account.key, withApiKey ? undefined : entries.token.key, entries.sender?.key]);
  const elementKeys = new Set(resolved.element.entries.map((entry) => entry.key));
  const harmless = (p: Problem) => p.key === "name" || /^(tags|templates)\b/.test(p.key) || (elementKeys.has(p.key) && !twilioKeys.has(p.key));
  return { blocking: resolved.problems.filter((p) => !harmless(p)), others: resolved.problems.filter(harmless) };
}
