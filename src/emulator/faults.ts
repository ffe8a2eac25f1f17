// The emulator's chaos: a seeded pseudo-random source and the decision, per request, of its
// latency and of the fault (if any) it meets. Seeded so that a failing run can be repeated.
import { NO_RETRY_AFTER, type FaultSpec } from "./fault-spec.ts";

/** One fault that was injected, as `RunningEmulator.injected` lists it. */
export interface InjectedFault {
  fault: string;
  method: string;
  path: string;
}

/** A pseudo-random source in [0, 1) (mulberry32): small, fast and repeatable from its seed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/\/+$/, "")
    .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

/** Decides latency and faults for each request; one per running emulator. */
export interface Chaos {
  /** Milliseconds to wait before answering this request. */
  latency(): number;
  /** The fault this request meets (the first listed whose draw fires), or undefined. */
  pick(method: string, path: string): FaultSpec | undefined;
}

/** The chaos of `options`; a no-op (no draws at all) when neither latency nor faults are set. */
export function createChaos(options: { latencyMs?: number | [number, number]; faults?: FaultSpec[]; seed?: number }): Chaos {
  const random = createRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32));
  const latency = options.latencyMs;
  const faults = (options.faults ?? []).map((fault) => ({ fault, path: fault.path ? globToRegExp(fault.path) : undefined }));
  return {
    latency() {
      if (latency === undefined) return 0;
      if (typeof latency === "number") return latency;
      const [min, max] = latency;
      return min + Math.floor(random() * (max - min + 1));
    },
    pick(method, path) {
      for (const { fault, path: pattern } of faults) {
        if (fault.method && fault.method !== method.toUpperCase()) continue;
        if (pattern && !pattern.test(path.replace(/\/+$/, ""))) continue;
        if (fault.probability >= 1 || random() < fault.probability) return fault;
      }
      return undefined;
    },
  };
}

/** The fault's name in the `--faults` syntax, for logs and counts. */
export function faultName(fault: FaultSpec): string {
  return fault.kind === "status" ? String(fault.status) : fault.kind;
}

/** The Retry-After header value a status fault sends, if any. */
export function retryAfterValue(fault: FaultSpec, now = Date.now()): string | undefined {
  if (fault.retryAfter === undefined || fault.retryAfter === NO_RETRY_AFTER) return undefined;
  if (fault.retryAfter === "date") return new Date(now + 1_000).toUTCString();
  return fault.retryAfter;
}

const MESSAGES: Record<number, string> = {
  408: "Request timeout (injected by the emulator).",
  425: "Too early (injected by the emulator).",
  429: "Too many requests (injected by the emulator): retry later.",
  500: "Internal server error (injected by the emulator).",
  502: "Bad gateway (injected by the emulator).",
  503: "Service unavailable (injected by the emulator).",
  504: "Gateway timeout (injected by the emulator).",
};

/** The platform-style message of an injected status. */
export function faultMessage(status: number): string {
  return MESSAGES[status] ?? `Injected status ${status}.`;
}

/**
 * Twilio's "Too Many Requests" as the platform relays it: Twilio answers 429 with error 20429 (it
 * documents no Retry-After) and the platform passes Twilio's error on in `providerMessage`.
 */
export const TWILIO_TOO_MANY_REQUESTS = {
  status: 429,
  message: "Too Many Requests (Twilio's, injected by the emulator).",
  providerMessage: JSON.stringify({ code: 20429, message: "Too Many Requests", more_info: "https://www.twilio.com/docs/errors/20429", status: 429 }),
};
