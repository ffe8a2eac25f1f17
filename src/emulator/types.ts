// The emulator's public shapes: its options, what it records, and what it stores. Kept
// apart from the server so tests and the `emulator` command can import types cheaply.
import type { FaultSpec } from "./fault-spec.ts";
import type { InjectedFault } from "./faults.ts";
import type { PlatformUser } from "./users.ts";

/** How a message ends: Twilio's final status, and its error for one that did not arrive. */
export interface Fate {
  status: "delivered" | "undelivered" | "failed";
  errorCode: number | null;
  errorMessage: string | null;
}

export interface EmulatorOptions {
  /** Interface to listen on; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Port to listen on; 0 (the default) picks any free port. */
  port?: number;
  /** When set, the only accepted user secret; otherwise any non-empty one. */
  userSecret?: string;
  /** When set, the only accepted organization secret; otherwise any non-empty one. */
  orgSecret?: string;
  /** JSON file holding the instances across runs (written 0600, atomically). */
  statePath?: string;
  /**
   * Answer a list or search that finds nothing with `200 []`. By default the emulator answers like
   * the platform: 404 `{requestId, message: "No instances found"}`.
   */
  emptyListAs200?: boolean;
  /**
   * The next-page tokens of lists. "offset" (the default): an opaque token only while more follow.
   * "counter": the platform's documented page counter (base64 of `{"pageSize":2,"page":2}`) on
   * every page, the last included; the page after the last answers `200 []` with another token.
   */
  pageTokens?: "offset" | "counter";
  /**
   * `PATCH /instances/{id}` ignores `configuration` (name, tags and the rest still change); only
   * `PATCH /instances/{id}/configuration/{configId}` changes a value. Whether the platform's
   * instance PATCH takes a configuration is not documented; churros never sends one.
   */
  ignoreConfigurationPatch?: boolean;
  /**
   * The largest page it answers, whatever pageSize asks (tests only): the platform may cap a page
   * silently, so a page shorter than the size asked for does not mean the list ended.
   */
  pageSizeCap?: number;
  /** Delay before each answer, in ms: a fixed value or a `[min, max]` range drawn per request (seeded by `seed`). */
  latencyMs?: number | [number, number];
  /** Injected faults, tried in order on each request (see src/emulator/faults.ts for the `--faults` syntax). */
  faults?: FaultSpec[];
  /** Seed of the pseudo-random draws (latency, faults), so a run can be repeated; default: random. */
  seed?: number;
  /** How long a message takes from `queued` to its final status, in ms (src/emulator/delivery.ts); default 400. */
  deliveryMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One stored instance. `configuration` holds the real values (secrets unmasked). */
export interface EmulatorInstance {
  id: number;
  name: string;
  token: string;
  elementKey: string;
  tags: string[];
  configuration: Record<string, unknown>;
  disabled: boolean;
  createdDate: string;
  updatedDate: string;
  /** Who created it (absent in state files written before the emulator kept users). */
  user?: PlatformUser;
}

/** A message as Twilio answers it: every property of its `api.v2010.account.message` resource. */
export interface TwilioMessage {
  sid: string;
  account_sid: string | null;
  api_version: string;
  status: string;
  to: string;
  from: string | null;
  messaging_service_sid: string | null;
  body: string;
  num_segments: string;
  num_media: string;
  direction: string;
  date_created: string;
  date_updated: string;
  date_sent: string | null;
  price: string | null;
  price_unit: string;
  error_code: number | null;
  error_message: string | null;
  uri: string;
  subresource_uris: { media: string; feedback: string };
}

/** A message sent through an instance, kept in memory only: the resource as first answered, and how it ends. */
export interface EmulatorMessage extends TwilioMessage {
  instanceId: number;
  /** When it was accepted (ms since the epoch): its status is worked out from its age. */
  createdMs: number;
  /** For a scheduled message (`ScheduleType=fixed`): its `SendAt`, before which it stays `scheduled`. */
  sendAtMs?: number;
  fate: Fate;
}

/** How much the emulator served and how much chaos it injected. */
export interface EmulatorStats {
  requests: number;
  faults: Record<string, number>;
}

export interface RunningEmulator {
  /** Base URL including `/elements/api-v2`, e.g. http://127.0.0.1:41234/elements/api-v2. */
  url: string;
  /** Root of the Twilio API reads `connector verify` makes (`--twilio-api-url`), e.g. http://127.0.0.1:41234. */
  twilioApiUrl: string;
  port: number;
  /** The most recent requests (bounded), oldest first. */
  requests: RecordedRequest[];
  instances(): EmulatorInstance[];
  messages(): EmulatorMessage[];
  /** The faults injected so far (bounded like `requests`), oldest first. */
  injected: InjectedFault[];
  /** Counts since start: requests received and faults injected by kind. */
  stats(): EmulatorStats;
  close(): Promise<void>;
}
