// What --verify and --test-to add to a provision, kept out of the command so it stays short:
// before anything reaches the platform, the test message is planned (a bad --test-to is a
// usage error) and the Twilio preflight runs; after the create, the test message is sent,
// all or nothing (test-message.ts).
import type { Context } from "../context.ts";
import type { PlatformClient } from "../api/platform.ts";
import type { ProvisionTwilioFlags } from "./twilio-flags.ts";
import type { ResolvedInstance } from "../instance/resolve.ts";
import type { Store } from "../store/index.ts";
import type { Style } from "../ui/style.ts";
import type { PreflightReport } from "../twilio/preflight.ts";
import type { ProvisionOutcome } from "./provision-one.ts";
import { planTestMessage, sendTestOrRollBack, type TestMessagePlan } from "./test-message.ts";

export interface ProvisionExtras {
  preflight?: PreflightReport;
  testPlan?: TestMessagePlan;
}

/** Plans the test message and runs the preflight, when asked; throws before anything is sent to the platform. */
export async function prepareExtras(resolved: ResolvedInstance, ctx: Context, flags: Partial<ProvisionTwilioFlags>): Promise<ProvisionExtras> {
  const testPlan = flags.testTo === undefined ? undefined : planTestMessage(resolved, flags.testTo, flags.testFrom);
  if (!flags.verify) return { testPlan };
  const { requirePreflight } = await import("../twilio/preflight.ts");
  return { testPlan, preflight: await requirePreflight(resolved, ctx, flags) };
}

/** Sends the planned test message (rolling a new instance back on failure); the result's data and lines. */
export async function finishExtras(extras: ProvisionExtras, outcome: ProvisionOutcome, deps: { client: PlatformClient; store: Store; sendPath: string }) {
  const { testPlan, preflight } = extras;
  const message = testPlan ? await sendTestOrRollBack(outcome, testPlan, deps) : undefined;
  const testMessage = message && testPlan ? { sid: message.sid, status: message.status, to: message.to ?? testPlan.to, ...(testPlan.usageType ? { template: testPlan.usageType, code: testPlan.code } : {}) } : undefined;
  const { renderChecks } = preflight ? await import("../twilio/preflight.ts") : { renderChecks: undefined };
  return {
    data: { ...(preflight ? { preflight: preflight.checks } : {}), ...(testMessage ? { testMessage } : {}) },
    before: (s: Style): string[] => (preflight && renderChecks ? [renderChecks(preflight, s)] : []),
    after: (s: Style): string[] =>
      testMessage ? [`  ${s.green("✔")} Test message ${testMessage.sid} (${testMessage.status}) sent to ${testMessage.to}${testMessage.template ? ` with the ${testMessage.template} template` : ""}.`] : [],
  };
}
