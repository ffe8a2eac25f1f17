// What --verify and --test-to add to a provision, kept out of the command so it stays short:
// before anything reaches the platform, the test message is planned (a bad --test-to or
// --wait-timeout is a usage error) and the Twilio preflight runs; after the create, the test
// message is sent (with --wait, until delivered), all or nothing (test-message.ts).
import type { Context } from "../context.ts";
import type { PlatformClient } from "../api/platform.ts";
import type { ProvisionTwilioFlags } from "./twilio-flags.ts";
import type { ResolvedInstance } from "../instance/resolve.ts";
import type { Store } from "../store/index.ts";
import type { Style } from "../ui/style.ts";
import type { PreflightReport } from "../twilio/preflight.ts";
import type { ProvisionOutcome } from "./provision-one.ts";
import { planTestMessage, sendTestOrRollBack, type TestMessagePlan } from "./test-message.ts";
import { UsageError } from "../errors.ts";
import type { Delivery } from "../twilio/delivery.ts";
import { deliveryFields, describeStatuses, readWaitTimeout, unconfirmedNote } from "../twilio/delivery-report.ts";

export interface ProvisionExtras {
  preflight?: PreflightReport;
  testPlan?: TestMessagePlan;
  /** `--wait`: how long to wait for the test message's delivery. */
  waitTimeoutMs?: number;
}

/** Plans the test message and runs the preflight, when asked; throws before anything is sent to the platform. */
export async function prepareExtras(resolved: ResolvedInstance, ctx: Context, flags: Partial<ProvisionTwilioFlags>): Promise<ProvisionExtras> {
  if (flags.wait && flags.testTo === undefined)
    throw new UsageError("--wait goes with --test-to: it waits for the test message's delivery.", "For example: connector provision --file instance.json --test-to +15551234567 --wait");
  const waitTimeoutMs = readWaitTimeout(flags.wait === true, flags.waitTimeout);
  const testPlan = flags.testTo === undefined ? undefined : planTestMessage(resolved, flags.testTo, flags.testFrom);
  if (!flags.verify) return { testPlan, waitTimeoutMs };
  const { requirePreflight } = await import("../twilio/preflight.ts");
  return { testPlan, waitTimeoutMs, preflight: await requirePreflight(resolved, ctx, flags) };
}

export interface ExtrasDeps {
  client: PlatformClient;
  store: Store;
  /** The element's send path and message path (send.path, send.messagePath). */
  sendPath: string;
  messagePath: string;
  signal?: AbortSignal;
  progress?: (label: string) => () => void;
}

/** Sends the planned test message (rolling a new instance back on failure); the result's data, lines and warnings. */
export async function finishExtras(extras: ProvisionExtras, outcome: ProvisionOutcome, deps: ExtrasDeps) {
  const { testPlan, preflight, waitTimeoutMs } = extras;
  const wait = waitTimeoutMs === undefined ? undefined : { messagePath: deps.messagePath, timeoutMs: waitTimeoutMs, signal: deps.signal, progress: deps.progress };
  const sent = testPlan ? await sendTestOrRollBack(outcome, testPlan, { ...deps, wait }) : undefined;
  const delivery = sent?.delivery;
  const testMessage =
    sent && testPlan
      ? {
          sid: sent.message.sid,
          status: sent.message.status,
          to: sent.message.to ?? testPlan.to,
          ...(testPlan.usageType ? { template: testPlan.usageType, code: testPlan.code } : {}),
          ...(delivery ? deliveryFields(delivery) : {}),
        }
      : undefined;
  const warnings = delivery && sent && waitTimeoutMs !== undefined ? unconfirmedWarnings(delivery, sent.message.sid, waitTimeoutMs, outcome.record.name) : [];
  const { renderChecks } = preflight ? await import("../twilio/preflight.ts") : { renderChecks: undefined };
  return {
    data: { ...(preflight ? { preflight: preflight.checks } : {}), ...(testMessage ? { testMessage } : {}) },
    warnings,
    before: (s: Style): string[] => (preflight && renderChecks ? [renderChecks(preflight, s)] : []),
    after: (s: Style): string[] => (testMessage ? [describeTestMessage(testMessage, delivery, s)] : []),
  };
}

/** The test message's line: sent, or delivered with the statuses seen, or sent but not confirmed. */
function describeTestMessage(testMessage: { sid: string; status: string; to: string; template?: string }, delivery: Delivery | undefined, s: Style): string {
  const template = testMessage.template ? ` with the ${testMessage.template} template` : "";
  if (delivery?.outcome === "delivered") return `  ${s.green("✔")} Test message ${testMessage.sid} delivered to ${testMessage.to}${template} (${describeStatuses(delivery.statuses)}).`;
  if (delivery) return `  ${s.yellow("!")} Test message ${testMessage.sid} sent to ${testMessage.to}${template}; delivery not confirmed (last status ${delivery.status}).`;
  return `  ${s.green("✔")} Test message ${testMessage.sid} (${testMessage.status}) sent to ${testMessage.to}${template}.`;
}

/** Why a kept instance's test message is not confirmed delivered: the deadline, or test credentials. */
function unconfirmedWarnings(delivery: Delivery, sid: string, timeoutMs: number, name: string): string[] {
  if (delivery.outcome === "timeout") {
    return [`Delivery of the test message ${sid} was not confirmed within ${timeoutMs / 1000} s (last status ${delivery.status}); it may still arrive. The instance ${name} was kept.`];
  }
  if (delivery.outcome === "unconfirmed") return [`${unconfirmedNote(delivery, sid)} The instance ${name} was kept.`];
  return [];
}
