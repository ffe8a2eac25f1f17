// `--wait`: reads a sent message back through the instance, with a backoff, until Twilio reports
// a final status or the deadline passes. Twilio's POST answer only says it accepted the message
// (`queued`); the carrier's receipt comes later, as `delivered`, `undelivered` or `failed`.
import { CliError, InterruptedError, ProviderError, reword, withDetails } from "../errors.ts";
import type { PlatformClient, TwilioMessage } from "../api/platform.ts";
import { sleep } from "../api/retry.ts";
import { createChangingWait } from "../ui/spinner.ts";

/** `--wait-timeout` when not given, in seconds. */
export const DEFAULT_WAIT_TIMEOUT_S = 60;

/** Twilio's error for a resource its test credentials may not read (every GET). */
export const TEST_CREDENTIALS_CODE = 20008;

/** The pause before each poll, in ms: short first (the emulator and fast carriers), then every 5 s. */
const POLL_DELAYS_MS = [250, 500, 1000, 2000, 3000, 5000];

/** Final statuses that mean the handset got it (`read` is WhatsApp's, after `delivered`). */
const DELIVERED = new Set(["delivered", "read"]);
/** Final statuses that mean it never will (`canceled`: a scheduled message called off). */
const NOT_DELIVERED = new Set(["undelivered", "failed", "canceled"]);

/** What waiting found out. `statuses` are the distinct statuses seen, in order. */
export type Delivery =
  | { outcome: "delivered"; message: TwilioMessage; status: string; statuses: string[]; waitedMs: number }
  | { outcome: "not_delivered"; message: TwilioMessage; status: string; statuses: string[]; waitedMs: number }
  /** The deadline passed before a final status. */
  | { outcome: "timeout"; status: string; statuses: string[]; waitedMs: number }
  /** Twilio would not let these credentials read the message (test credentials): nothing to wait for. */
  | { outcome: "unconfirmed"; status: string; statuses: string[]; waitedMs: number; twilioCode: number };

export interface DeliveryWatch {
  /** Reads the message as Twilio reports it now (GET on the element's message path). */
  read(): Promise<TwilioMessage>;
  timeoutMs: number;
  /** Told every new status as it is seen, the first one included (a spinner line shows it). */
  onStatus?: (status: string, statuses: readonly string[]) => void;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
  /** The pauses before each poll, the last one repeated; default POLL_DELAYS_MS. */
  pollDelaysMs?: readonly number[];
}

/** Polls the message sent as `sent` until a final status, the deadline, or a refusal to read it. */
export async function waitForDelivery(sent: TwilioMessage, watch: DeliveryWatch): Promise<Delivery> {
  const started = Date.now();
  const deadline = started + watch.timeoutMs;
  const statuses: string[] = [];
  const see = (status: string) => {
    if (statuses.at(-1) === status) return;
    statuses.push(status);
    watch.onStatus?.(status, statuses);
  };
  let message = sent;
  see(message.status);
  for (let poll = 0; ; poll++) {
    if (DELIVERED.has(message.status)) return { outcome: "delivered", message, status: message.status, statuses, waitedMs: Date.now() - started };
    if (NOT_DELIVERED.has(message.status)) return { outcome: "not_delivered", message, status: message.status, statuses, waitedMs: Date.now() - started };
    const left = deadline - Date.now();
    if (left <= 0) return { outcome: "timeout", status: message.status, statuses, waitedMs: Date.now() - started };
    const delays = watch.pollDelaysMs ?? POLL_DELAYS_MS;
    try {
      await sleep(Math.min(delays[poll] ?? delays.at(-1) ?? 5000, left), watch.signal);
    } catch (error) {
      if (!(error instanceof InterruptedError)) throw error;
      // Ctrl-C ends the wait, not the message: say which one was sent, so it can be looked up.
      throw withDetails(new InterruptedError(`Interrupted while waiting for the delivery of message ${sent.sid} (last status ${message.status}); the message was sent.`), {
        sid: sent.sid,
        status: message.status,
        statuses,
      });
    }
    try {
      message = await watch.read();
    } catch (error) {
      if (error instanceof ProviderError && error.twilioCode === TEST_CREDENTIALS_CODE) {
        return { outcome: "unconfirmed", status: message.status, statuses, waitedMs: Date.now() - started, twilioCode: TEST_CREDENTIALS_CODE };
      }
      throw readFailure(error, sent.sid, message.status, statuses);
    }
    see(message.status);
  }
}

/** How to read a message back through an instance, and how long to wait. */
export interface InstanceWatch {
  client: Pick<PlatformClient, "getMessage">;
  token: string;
  /** The element's `send.messagePath`, `{sid}` standing for the SID. */
  messagePath: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The context's spinner, when there is one: it shows the statuses as they change. */
  progress?: (label: string) => () => void;
}

/** Waits for the delivery of `sent`, reading it through the instance, its statuses on the spinner line. */
export async function waitThroughInstance(sent: TwilioMessage, watch: InstanceWatch): Promise<Delivery> {
  const path = watch.messagePath.replace("{sid}", encodeURIComponent(sent.sid));
  const line = createChangingWait(watch.progress);
  try {
    return await waitForDelivery(sent, {
      read: () => watch.client.getMessage(watch.token, path),
      timeoutMs: watch.timeoutMs,
      signal: watch.signal,
      onStatus: (_status, statuses) => line.show(`Waiting for delivery of ${sent.sid}: ${statuses.join(" → ")}`),
    });
  } finally {
    line.stop();
  }
}

/** A failed read, said as such: the message itself was sent (its SID is known). */
function readFailure(error: unknown, sid: string, status: string, statuses: string[]): unknown {
  if (!(error instanceof CliError)) return error;
  const said = error.message.replace(/^Twilio refused the message/, "Twilio refused to read it");
  const hint =
    error.code === "not_found"
      ? "The platform documents no way to read a message back through this element (the path is the element definition's send.messagePath): send without --wait and look the SID up in the Twilio Console."
      : error.hint;
  return withDetails(reword(error, `Message ${sid} was sent, but reading it back failed: ${said}`, hint), { sid, status, statuses });
}
