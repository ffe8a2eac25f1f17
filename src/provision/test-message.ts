// `provision --test-to`: provisioning with a test message, all or nothing. The message is
// planned before anything is created (recipient, sender, text); after the create it is sent
// through the new instance (with --wait, until Twilio reports its delivery), and when the send
// fails or the message is not delivered the new instance is deleted and its token forgotten,
// so a failed run leaves nothing behind. An instance that already existed (kept or updated)
// is never deleted.
import { CliError, ProviderError, UsageError, reword } from "../errors.ts";
import type { PlatformClient, TwilioMessage } from "../api/platform.ts";
import type { ResolvedInstance } from "../instance/resolve.ts";
import { generateCode, pickTemplate, renderTemplate } from "../instance/templates.ts";
import { checkRecipient, planMessageBody } from "../platform/message-plan.ts";
import type { Store } from "../store/index.ts";
import type { ProvisionOutcome } from "./provision-one.ts";
import { waitThroughInstance, type Delivery } from "../twilio/delivery.ts";
import { notDeliveredError } from "../twilio/delivery-report.ts";

/** The test message, decided before anything is sent. */
export interface TestMessagePlan {
  to: string;
  /** The fields POSTed through the instance (To, Body, From or MessagingServiceSid). */
  body: Record<string, string>;
  /** The template used (`Test`, else `Generic`), or undefined for the fixed text. */
  usageType?: string;
  code?: string;
}

/** Plans the message: --test-to checked as E.164, the sender from --test-from or the instance, the Test template, else Generic, else a fixed text. */
export function planTestMessage(resolved: ResolvedInstance, testTo: string, testFrom: string | undefined): TestMessagePlan {
  const to = checkRecipient(testTo);
  const sender = testFrom?.trim() || resolved.sender;
  if (!sender) {
    throw new UsageError(`--test-to needs a sender: element ${resolved.element.key} configures none.`, "Pass --test-from with a number or Messaging Service SID of the Twilio account.");
  }
  const template = pickTemplate(resolved.templates, "Test");
  const code = template ? generateCode() : undefined;
  const text = template && code ? renderTemplate(template, code) : `Test message from connector: instance ${resolved.body.name} can send SMS.`;
  return { to, body: planMessageBody(resolved.element, to, text, sender), ...(template ? { usageType: template.usageType, code } : {}) };
}

/** How to wait for the test message's delivery (`--wait`). */
export interface TestMessageWait {
  /** The element's `send.messagePath`. */
  messagePath: string;
  timeoutMs: number;
  signal?: AbortSignal;
  progress?: (label: string) => () => void;
}

/** The message Twilio accepted and, with --wait, what became of it (delivered, or unknown: the instance is kept). */
export interface TestMessageResult {
  message: TwilioMessage;
  delivery?: Delivery;
}

/**
 * Sends the planned message through the provisioned instance and, with `wait`, waits for its
 * delivery. A new instance is rolled back when the send is refused or the message is reported
 * undelivered or failed; it is kept when delivery cannot be confirmed (deadline, test credentials).
 */
export async function sendTestOrRollBack(
  outcome: ProvisionOutcome,
  plan: TestMessagePlan,
  deps: { client: PlatformClient; store: Store; sendPath: string; wait?: TestMessageWait },
): Promise<TestMessageResult> {
  const { record } = outcome;
  let message: TwilioMessage;
  try {
    message = await deps.client.sendMessage(record.token, deps.sendPath, plan.body);
  } catch (error) {
    throw await rollBack(outcome, error, deps);
  }
  if (!deps.wait) return { message };
  let delivery: Delivery;
  try {
    delivery = await waitThroughInstance(message, { client: deps.client, token: record.token, ...deps.wait });
  } catch (error) {
    throw withNote(error, `Delivery of the test message is unknown, so the instance ${record.name} (id ${record.id}) was kept and its token stored.`);
  }
  if (delivery.outcome === "not_delivered") throw await rollBack(outcome, notDeliveredError(delivery, "test message"), deps);
  return { message, delivery };
}

/** Deletes a new instance after its test message failed (an existing one is left alone); the failure, with what was done. */
async function rollBack(outcome: ProvisionOutcome, error: unknown, deps: { client: PlatformClient; store: Store }): Promise<unknown> {
  const { record, action } = outcome;
  if (action !== "created") return withNote(error, `The test message failed; the existing instance ${record.name} (id ${record.id}) was ${action}, not deleted.`);
  try {
    await deps.client.deleteInstance(record.id);
  } catch (deleteError) {
    const why = deleteError instanceof Error ? deleteError.message : String(deleteError);
    return withNote(
      error,
      `The test message failed, and deleting the new instance ${record.name} (id ${record.id}) failed too (${why}); its token stays stored: delete it with connector instances delete ${record.id}.`,
    );
  }
  await deps.store.removeInstance(record.profile, record.baseUrl, record.id);
  return withNote(error, `The new instance ${record.name} (id ${record.id}) was deleted and nothing was stored.`);
}

/** The same failure (same exit code, Twilio code, request id, details) with what the rollback did appended. */
function withNote(error: unknown, note: string): unknown {
  if (error instanceof ProviderError) return reword(error, `${error.message.replace(/^Twilio refused the message/, "Twilio refused the test message")} ${note}`);
  if (error instanceof CliError) return reword(error, `Test message failed: ${error.message} ${note}`);
  return error;
}
