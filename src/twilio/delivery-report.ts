// What a wait for delivery means to the person and to a script, shared by `send --wait` and
// `provision --test-to --wait`: the document's fields, the failure for a message that never
// arrived (exit 7, with Twilio's code and a hint) and the one for a deadline passed (exit 6).
import { CliError, ProviderError, UsageError, withDetails } from "../errors.ts";
import { hintForTwilioCode, twilioDocsUrl } from "../api/twilio-errors.ts";
import { DEFAULT_WAIT_TIMEOUT_S, type Delivery } from "./delivery.ts";
import { explainStatus, labelStatus, statusKind } from "./message-status.ts";

/** Longest accepted --wait-timeout: an hour (a carrier's receipt can take minutes, not hours). */
const MAX_WAIT_TIMEOUT_S = 3600;

const CONSOLE_LOGS = "the Twilio Console (Monitor > Logs > Messaging)";

/** `--wait-timeout` in ms, checked; undefined when there is no --wait. */
export function readWaitTimeout(wait: boolean, value: string | undefined): number | undefined {
  if (!wait) {
    if (value !== undefined) throw new UsageError("--wait-timeout goes with --wait.", "For example: --wait --wait-timeout 120");
    return undefined;
  }
  if (value === undefined) return DEFAULT_WAIT_TIMEOUT_S * 1000;
  const seconds = Number(value);
  if (value.trim() === "" || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_WAIT_TIMEOUT_S) {
    throw new UsageError(`--wait-timeout ${value} is not a number of seconds between 0 and ${MAX_WAIT_TIMEOUT_S}.`, `For example: --wait-timeout 120 (the default is ${DEFAULT_WAIT_TIMEOUT_S}).`);
  }
  return Math.round(seconds * 1000);
}

/** The statuses as a person reads them: `queued → sent → delivered`, an unknown one said to be unknown. */
export function describeStatuses(statuses: readonly string[]): string {
  return statuses.map(labelStatus).join(" → ");
}

/** The fields a wait adds to a document: whether delivery is confirmed, and what was seen. */
export function deliveryFields(delivery: Delivery): { status: string; confirmed: boolean; statuses: string[]; waitedMs: number } {
  return { status: delivery.status, confirmed: delivery.outcome === "delivered", statuses: delivery.statuses, waitedMs: delivery.waitedMs };
}

/** Why delivery could not be confirmed, for a delivery that is not a failure (exit 0). */
export function unconfirmedNote(delivery: Delivery & { outcome: "unconfirmed" }, sid: string): string {
  return `Delivery of ${sid} cannot be confirmed with Twilio's test credentials: Twilio lets them send but not read a message back (error ${delivery.twilioCode}). Use the live Auth Token to wait for delivery.`;
}

/** The failure for a message Twilio reports undelivered, failed or canceled (exit 7). */
export function notDeliveredError(delivery: Delivery & { outcome: "not_delivered" }, what = "message"): ProviderError {
  const { message, status, statuses } = delivery;
  const code = twilioCodeOf(message.error_code);
  const said = typeof message.error_message === "string" && message.error_message.trim() ? `: ${message.error_message.trim()}` : "";
  const why = code === undefined ? "" : ` (error ${code}${said})`;
  const moreInfo = code === undefined ? undefined : twilioDocsUrl(code);
  const hint =
    code !== undefined && moreInfo
      ? hintForTwilioCode(code, moreInfo)
      : status === "canceled"
        ? "The message was canceled before it went out (a scheduled message called off); send it again."
        : status === "partially_delivered"
          ? `Only part of the message arrived (some segments of a long message, or some recipients of a group message), and the missing part may hold the code: send it again, shorter (one segment holds 160 GSM-7 or 70 other characters), and look the SID up in ${CONSOLE_LOGS}.`
          : `Twilio gave no error code: look the SID up in ${CONSOLE_LOGS}.`;
  const error = new ProviderError(`Twilio reports ${what} ${message.sid} ${status}${why}. Statuses: ${describeStatuses(statuses)}.`, code, undefined, undefined, moreInfo, hint);
  return withDetails(error, { sid: message.sid, status, statuses });
}

/** The failure for a deadline passed without a final status (exit 6, code timeout). */
export function deliveryTimeoutError(delivery: Delivery & { outcome: "timeout" }, sid: string, timeoutMs: number): CliError {
  const unknown = statusKind(delivery.status) === undefined ? ` (${explainStatus(delivery.status)})` : "";
  const failure = delivery.lastFailure ? ` The last read failed: ${delivery.lastFailure.replace(/\.?$/, ".")}` : "";
  const error = new CliError(
    "timeout",
    `No final status for message ${sid} within ${timeoutMs / 1000} s; last status: ${delivery.status}${unknown}. The message may still arrive.${failure}`,
    `Wait longer with --wait-timeout <seconds>, or look the SID up in ${CONSOLE_LOGS}; some carriers never report delivery, which leaves a message at sent.`,
  );
  return withDetails(error, { sid, status: delivery.status, statuses: delivery.statuses, waitedMs: delivery.waitedMs, ...(unknown ? { unknownStatus: true } : {}) });
}

/** Twilio's `error_code`: an integer in its resource, perhaps a numeric string through the platform. */
function twilioCodeOf(value: unknown): number | undefined {
  const code = typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isInteger(code) && code > 0 ? code : undefined;
}
