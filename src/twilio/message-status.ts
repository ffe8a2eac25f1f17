// What each of Twilio's message statuses means to a wait for delivery. The list is Twilio's own
// (twilio-oai, `message_enum_status`); the meanings are from Twilio's docs where they say one,
// and where they do not (partially_delivered) the choice is written down in docs/platform.md.
import { ApiError } from "../errors.ts";

/** How a wait reads a status: final one way or the other, still on its way, or not an outbound one. */
export type StatusKind = "delivered" | "not_delivered" | "in_progress" | "inbound";

interface StatusMeaning {
  kind: StatusKind;
  /** Said on a timeout or a failure, after the status. */
  means: string;
}

/** Every value of twilio-oai's `message_enum_status`, in its order, with what it means here. */
export const MESSAGE_STATUSES: Readonly<Record<string, StatusMeaning>> = {
  queued: { kind: "in_progress", means: "Twilio queued it to go out (the first status of a message sent From a number or sender ID)" },
  sending: { kind: "in_progress", means: "Twilio is handing it to the carrier" },
  sent: { kind: "in_progress", means: "the carrier took it; its delivery receipt may follow, and some carriers never send one" },
  failed: { kind: "not_delivered", means: "it never left Twilio" },
  delivered: { kind: "delivered", means: "the carrier confirmed delivery" },
  undelivered: { kind: "not_delivered", means: "the carrier could not deliver it" },
  receiving: { kind: "inbound", means: "a status of an incoming message, never of one sent" },
  received: { kind: "inbound", means: "a status of an incoming message, never of one sent" },
  accepted: { kind: "in_progress", means: "a Messaging Service accepted it and is choosing a sender (the first status of a message sent through one)" },
  scheduled: { kind: "in_progress", means: "it is scheduled to go out later (the first status of a scheduled message)" },
  read: { kind: "delivered", means: "the recipient read it (a read receipt, after delivered)" },
  partially_delivered: {
    kind: "not_delivered",
    means: "only part of it arrived (some segments of a long message, or some recipients of a group message); Twilio documents no later status, and the part with the code may be the missing one",
  },
  canceled: { kind: "not_delivered", means: "it was canceled before it went out (a scheduled message called off)" },
};

/** The kind of `status`; undefined for a status connector does not know (not in Twilio's list). */
export function statusKind(status: string): StatusKind | undefined {
  return Object.hasOwn(MESSAGE_STATUSES, status) ? MESSAGE_STATUSES[status]?.kind : undefined;
}

/** A status as a person reads it in a list of statuses: unknown ones are said to be unknown. */
export function labelStatus(status: string): string {
  return statusKind(status) === undefined ? `${status} (unknown status)` : status;
}

/** What `status` means, for the end of a message; for an unknown one, that it is unknown. */
export function explainStatus(status: string): string {
  if (!Object.hasOwn(MESSAGE_STATUSES, status)) return `${JSON.stringify(status)} is not one of Twilio's message statuses, so connector cannot tell whether it is final`;
  return `${status}: ${MESSAGE_STATUSES[status]?.means ?? ""}`;
}

/**
 * The message's `status`, checked: a status that is not a string (a number, an object) is an
 * unreadable answer (exit 5) naming the field, never a crash in the code that prints it.
 */
export function readStatus(message: { status?: unknown }, where: string): string {
  const status = message.status;
  if (typeof status === "string" && status.trim() !== "") return status;
  const shown = status === undefined ? "missing" : typeof status === "string" ? "empty" : `${describeValue(status)}, not a string`;
  return unreadable(`The answer to ${where} is unreadable: its field "status" is ${shown}.`);
}

function unreadable(message: string): never {
  throw new ApiError(
    "api",
    message,
    undefined,
    undefined,
    "Twilio's message status is a string such as queued or delivered; a platform that answers otherwise is not passing Twilio's message on as it is.",
  );
}

/** A short, safe description of a JSON value (never its own toString, which may not exist). */
function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `the ${typeof value} ${JSON.stringify(value)}`;
}
