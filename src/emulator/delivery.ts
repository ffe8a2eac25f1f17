// How a message the emulator accepted is delivered: `queued` (or `accepted` through a Messaging
// Service, `scheduled` until its SendAt) → `sending` → `sent` → `delivered`
// over `deliveryMs` (its `--delivery-ms`), worked out from the message's age whenever it is read,
// so no timer runs per message. A few To numbers end otherwise, with Twilio's delivery error
// codes: this is the emulator's own convention (Twilio's test credentials deliver nothing and
// have no such numbers), chosen next to Twilio's magic test numbers +1500555000N.
import type { EmulatorMessage, Fate, TwilioMessage } from "./types.ts";

export type { Fate } from "./types.ts";
import { formatRfc2822 } from "./twilio-fake.ts";

/** `--delivery-ms` when not given: long enough to see the statuses change, short enough for a test. */
export const DEFAULT_DELIVERY_MS = 400;

/** The emulator's To numbers that do not arrive, with the code and words Twilio reports for each. */
export const UNDELIVERED_TO: Readonly<Record<string, Fate>> = {
  "+15005553003": { status: "undelivered", errorCode: 30003, errorMessage: "Unreachable destination handset" },
  "+15005553004": { status: "undelivered", errorCode: 30004, errorMessage: "Message blocked" },
  "+15005553005": { status: "undelivered", errorCode: 30005, errorMessage: "Unknown destination handset" },
  "+15005553006": { status: "undelivered", errorCode: 30006, errorMessage: "Landline or unreachable carrier" },
  "+15005553007": { status: "undelivered", errorCode: 30007, errorMessage: "Carrier violation" },
  "+15005553008": { status: "undelivered", errorCode: 30008, errorMessage: "Unknown error" },
  "+15005553034": { status: "failed", errorCode: 30034, errorMessage: "Message from an unregistered number" },
};

const DELIVERED: Fate = { status: "delivered", errorCode: null, errorMessage: null };

/** How a message to `to` will end. */
export function fateOf(to: string): Fate {
  return UNDELIVERED_TO[to] ?? DELIVERED;
}

/**
 * The statuses a message goes through, each with the share of `deliveryMs` after which it is
 * reached. Twilio's first status follows the sender: `queued` for a From, `accepted` for a
 * Messaging Service, which then queues it (a scheduled message is `accepted` at its send time).
 */
function stepsOf(fate: Fate, first: string): [status: string, at: number][] {
  const start: [string, number][] =
    first === "queued"
      ? [["queued", 0]]
      : [
          ["accepted", 0],
          ["queued", 1 / 4],
        ];
  const later = first === "queued" ? 0 : 1 / 4;
  const at = (share: number) => later + share * (1 - later);
  // A failed message never reaches the carrier, so it is never `sent`.
  if (fate.status === "failed") return [...start, ["sending", at(1 / 2)], ["failed", 1]];
  return [...start, ["sending", at(1 / 3)], ["sent", at(2 / 3)], [fate.status, 1]];
}

/** The message as Twilio answers its POST: its first status, whatever `deliveryMs` says. */
export function acceptedMessage(message: EmulatorMessage): TwilioMessage {
  const { instanceId: _instanceId, createdMs: _createdMs, fate: _fate, sendAtMs: _sendAtMs, ...resource } = message;
  return resource;
}

/** The message as Twilio would answer a GET for it at `nowMs`: its status, dates and error by then. */
export function messageAt(message: EmulatorMessage, nowMs: number, deliveryMs: number): TwilioMessage {
  const { fate } = message;
  const resource = acceptedMessage(message);
  // A scheduled message waits for its send time, then goes out like any other.
  const startMs = message.sendAtMs ?? message.createdMs;
  let status = message.status;
  let changedMs = message.createdMs;
  let sentMs: number | undefined;
  if (nowMs >= startMs) {
    for (const [step, share] of stepsOf(fate, message.status === "queued" ? "queued" : "accepted")) {
      const reachedMs = startMs + Math.round(share * deliveryMs);
      if (nowMs < reachedMs) break;
      status = step;
      changedMs = reachedMs;
      if (step === "sent") sentMs = reachedMs;
    }
  }
  const final = status === fate.status;
  return {
    ...resource,
    status,
    date_updated: formatRfc2822(new Date(changedMs)),
    date_sent: sentMs === undefined ? null : formatRfc2822(new Date(sentMs)),
    error_code: final ? fate.errorCode : null,
    error_message: final ? fate.errorMessage : null,
  };
}
