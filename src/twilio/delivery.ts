// `--wait`: reads a sent message back through the instance, with a backoff, until Twilio reports
// a final status or the deadline passes. Twilio's POST answer only says it accepted the message
// (`queued`); the carrier's receipt comes later, as `delivered`, `undelivered` or `failed`.
import { ApiError, CliError, InterruptedError, NetworkError, ProviderError, reword, withDetails } from "../errors.ts";
import type { PlatformClient, TwilioMessage } from "../api/platform.ts";
import { sleep } from "../api/retry.ts";
import { createChangingWait } from "../ui/spinner.ts";
import { labelStatus, readStatus, statusKind } from "./message-status.ts";

/** `--wait-timeout` when not given, in seconds. */
export const DEFAULT_WAIT_TIMEOUT_S = 60;

/** Twilio's error for a resource its test credentials may not read (every GET). */
export const TEST_CREDENTIALS_CODE = 20008;

/** Twilio's "too many requests": never processed, safe to ask again later. */
const TWILIO_TOO_MANY_REQUESTS = 20429;

/** The pause before each poll, in ms: short first (the emulator and fast carriers), then every 5 s. */
const POLL_DELAYS_MS = [250, 500, 1000, 2000, 3000, 5000];

/** Time left for the last read: a poll that would land closer to the deadline is not made. */
const LAST_READ_MS = 500;

/** What waiting found out. `statuses` are the distinct statuses seen, in order. */
export type Delivery =
  | { outcome: "delivered"; message: TwilioMessage; status: string; statuses: string[]; waitedMs: number }
  | { outcome: "not_delivered"; message: TwilioMessage; status: string; statuses: string[]; waitedMs: number }
  /** The deadline passed before a final status; `lastFailure` says why the last read got no answer, if it did not. */
  | { outcome: "timeout"; status: string; statuses: string[]; waitedMs: number; lastFailure?: string }
  /** Twilio would not let these credentials read the message (test credentials): nothing to wait for. */
  | { outcome: "unconfirmed"; status: string; statuses: string[]; waitedMs: number; twilioCode: number };

export interface DeliveryWatch {
  /** Reads the message as Twilio reports it now; `signal` aborts at the deadline (or on Ctrl-C). */
  read(signal: AbortSignal): Promise<TwilioMessage>;
  timeoutMs: number;
  /** Told every new status as it is seen, the first one included (a spinner line shows it). */
  onStatus?: (status: string, statuses: readonly string[]) => void;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
  /** The pauses before each poll, the last one repeated; default POLL_DELAYS_MS. */
  pollDelaysMs?: readonly number[];
  /** A monotonic clock in ms (default performance.now): a change of the wall clock moves no deadline. */
  now?: () => number;
}

/** Thrown into a read that the deadline cut short. */
class DeadlinePassed extends Error {}

/**
 * Polls the message sent as `sent` until a final status, the deadline, or a refusal to read it.
 * The deadline is the wait's own: whatever a read meets (a 429 asking for 30 s, a platform that
 * never answers), the wait ends at `timeoutMs` with the last status seen.
 */
export async function waitForDelivery(sent: TwilioMessage, watch: DeliveryWatch): Promise<Delivery> {
  const now = watch.now ?? (() => performance.now());
  const started = now();
  const deadline = started + watch.timeoutMs;
  const expired = new AbortController();
  const timer = setTimeout(() => expired.abort(new DeadlinePassed()), watch.timeoutMs);
  const signal = watch.signal ? AbortSignal.any([watch.signal, expired.signal]) : expired.signal;
  const statuses: string[] = [];
  const see = (status: string) => {
    if (statuses.at(-1) === status) return;
    statuses.push(status);
    watch.onStatus?.(status, statuses);
  };
  let message = sent;
  let status = readStatus(sent, "the message's send");
  let lastFailure: string | undefined;
  const waited = () => Math.round(now() - started);
  const timeout = (): Delivery => ({ outcome: "timeout", status, statuses, waitedMs: waited(), ...(lastFailure ? { lastFailure } : {}) });
  const interrupted = () =>
    withDetails(new InterruptedError(`Interrupted while waiting for the delivery of message ${sent.sid} (last status ${status}); the message was sent.`), { sid: sent.sid, status, statuses });
  see(status);
  try {
    for (let poll = 0; ; poll++) {
      const kind = statusKind(status);
      if (kind === "delivered") return { outcome: "delivered", message, status, statuses, waitedMs: waited() };
      if (kind === "not_delivered") return { outcome: "not_delivered", message, status, statuses, waitedMs: waited() };
      const left = deadline - now();
      if (left <= 0) return timeout();
      const delays = watch.pollDelaysMs ?? POLL_DELAYS_MS;
      const delay = delays[poll] ?? delays.at(-1) ?? 5000;
      // The last read is made early enough to have time before the deadline; after it, none.
      const allowance = Math.min(LAST_READ_MS, watch.timeoutMs / 4);
      try {
        if (delay < left - allowance) await sleep(delay, watch.signal);
        else if (left > allowance) await sleep(left - allowance, watch.signal);
        else {
          await sleep(left, watch.signal);
          return timeout();
        }
      } catch (error) {
        // Ctrl-C ends the wait, not the message: say which one was sent, so it can be looked up.
        if (error instanceof InterruptedError) throw interrupted();
        throw error;
      }
      try {
        message = await untilAborted(watch.read(signal), signal);
        lastFailure = undefined;
      } catch (error) {
        if (watch.signal?.aborted) throw interrupted();
        if (expired.signal.aborted) return timeout();
        if (error instanceof ProviderError && error.twilioCode === TEST_CREDENTIALS_CODE) {
          return { outcome: "unconfirmed", status, statuses, waitedMs: waited(), twilioCode: TEST_CREDENTIALS_CODE };
        }
        // A busy or failing platform is asked again on the wait's own backoff, never past its deadline.
        if (isPassing(error)) {
          lastFailure = (error as CliError).message;
          continue;
        }
        throw readFailure(error, sent.sid, status, statuses);
      }
      try {
        status = readStatus(message, "the read");
      } catch (error) {
        throw readFailure(error, sent.sid, status, statuses);
      }
      see(status);
    }
  } finally {
    clearTimeout(timer);
  }
}

/** `promise`, or a rejection as soon as `signal` aborts (the read itself may not stop at once). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new DeadlinePassed());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DeadlinePassed());
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * A failed read that says nothing about the message: no answer, a timeout of that one request,
 * the platform's 5xx, or a rate limit (429, or Twilio's 20429, which Twilio never processed).
 */
function isPassing(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  if (error instanceof ApiError || error instanceof ProviderError) {
    if (error.twilioCode === TWILIO_TOO_MANY_REQUESTS) return true;
    const status = error.status;
    return status === 429 || (status !== undefined && status >= 500);
  }
  return false;
}

/** The reader of a message: the platform client's getMessage, and how to let it go. */
export type MessageReader = Pick<PlatformClient, "getMessage"> & { close?: () => Promise<void> };

/** How to read a message back through an instance, and how long to wait. */
export interface InstanceWatch {
  client: Pick<PlatformClient, "getMessage">;
  /**
   * Makes a client for the reads alone, bound to `signal` (the wait's deadline and Ctrl-C) and
   * retrying nothing itself: the wait's backoff is the only one, so no Retry-After of a read can
   * carry it past its deadline. Without it, `client` reads (and a read it retries may outlive the wait).
   */
  connect?: (signal: AbortSignal) => Promise<MessageReader>;
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
  let reader: Promise<MessageReader> | undefined;
  const readerFor = (signal: AbortSignal): Promise<MessageReader> => (reader ??= watch.connect ? watch.connect(signal) : Promise.resolve(watch.client));
  try {
    return await waitForDelivery(sent, {
      read: async (signal) => (await readerFor(signal)).getMessage(watch.token, path),
      timeoutMs: watch.timeoutMs,
      signal: watch.signal,
      onStatus: (_status, statuses) => line.show(`Waiting for delivery of ${sent.sid}: ${statuses.map(labelStatus).join(" → ")}`),
    });
  } finally {
    line.stop();
    if (watch.connect && reader) await (await reader.catch(() => undefined))?.close?.();
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
