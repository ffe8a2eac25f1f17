// `provision --test-to`: provisioning with a test message, all or nothing. The message is
// planned before anything is created (recipient, sender, text); after the create it is sent
// through the new instance, and when the send fails the new instance is deleted and its token
// forgotten, so a failed run leaves nothing behind. An instance that already existed (kept
// or updated) is never deleted.
import { ApiError, CliError, NetworkError, ProviderError, UsageError } from "../errors.ts";
import type { PlatformClient, TwilioMessage } from "../api/platform.ts";
import type { ResolvedInstance } from "../instance/resolve.ts";
import { generateCode, pickTemplate, renderTemplate } from "../instance/templates.ts";
import { checkRecipient, planMessageBody } from "../platform/message-plan.ts";
import type { Store } from "../store/index.ts";
import type { ProvisionOutcome } from "./provision-one.ts";

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

/** Sends the planned message through the provisioned instance; on failure rolls a new instance back, then rethrows with what was done. */
export async function sendTestOrRollBack(outcome: ProvisionOutcome, plan: TestMessagePlan, deps: { client: PlatformClient; store: Store; sendPath: string }): Promise<TwilioMessage> {
  const { record, action } = outcome;
  try {
    return await deps.client.sendMessage(record.token, deps.sendPath, plan.body);
  } catch (error) {
    if (action !== "created") throw withNote(error, `The test message failed; the existing instance ${record.name} (id ${record.id}) was ${action}, not deleted.`);
    try {
      await deps.client.deleteInstance(record.id);
    } catch (deleteError) {
      const why = deleteError instanceof Error ? deleteError.message : String(deleteError);
      throw withNote(error, `The test message failed, and deleting the new instance ${record.name} (id ${record.id}) failed too (${why}); its token stays stored: delete it with connector instances delete ${record.id}.`);
    }
    await deps.store.removeInstance(record.profile, record.baseUrl, record.id);
    throw withNote(error, `The new instance ${record.name} (id ${record.id}) was deleted and nothing was stored.`);
  }
}

/** The same failure (same exit code, Twilio code, request id) with what the rollback did appended. */
function withNote(error: unknown, note: string): unknown {
  if (error instanceof ProviderError) {
    const message = error.message.replace(/^Twilio refused the message/, "Twilio refused the test message");
    return new ProviderError(`${message} ${note}`, error.twilioCode, error.status, error.requestId, error.moreInfo, error.hint);
  }
  if (error instanceof ApiError) return new ApiError(error.code as ConstructorParameters<typeof ApiError>[0], `Test message failed: ${error.message} ${note}`, error.status, error.requestId, error.hint);
  if (error instanceof NetworkError) return new NetworkError(error.kind, `Test message failed: ${error.message} ${note}`, error.hint);
  if (error instanceof CliError) return new CliError(error.code, `Test message failed: ${error.message} ${note}`, error.hint);
  return error;
}
