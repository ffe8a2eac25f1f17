// The `--faults` and `--latency` syntax of `connector emulator`, parsed into data. Pure, so the
// command can reject a typo with exit 2 before anything listens, and tests can build specs.
//
//   --faults "<fault>[,<fault>...]"   each fault is  KIND[=PARAM][:PROBABILITY][@[METHOD ]PATH]
//     KIND         503 | 502 | 504 | 500 | 408 | 425 | 429 | reset | commit-then-reset | hang |
//                  twilio-20429 (Twilio's "Too Many Requests" relayed by the platform: 429 with
//                  Twilio's error 20429 in providerMessage, no Retry-After, nothing applied)
//     PARAM        for 429 (and 503): the Retry-After it sends, in seconds (default 1), or
//                  `date` for an HTTP date one second ahead, or `none` for no Retry-After at
//                  all (Twilio documents none on its 429)
//     PROBABILITY  0 to 1, or a percentage such as 10%; default 1 (every matching request)
//     PATH         below /elements/api-v2; `*` matches any run of characters, e.g. /instances/*
//   e.g. "503:0.1,reset:0.05@POST /instances,commit-then-reset:10%,429=2:0.05"
//   --latency 40 (every answer 40 ms late) or 20-200 (drawn per request in that range)
import { UsageError } from "../errors.ts";

/** The ways a request can fail on purpose. */
export type FaultKind = "status" | "reset" | "commit-then-reset" | "hang" | "twilio-20429";

/** One injected fault: what happens, how often, and to which requests. */
export interface FaultSpec {
  kind: FaultKind;
  /** For kind "status": the status answered (408, 425, 429, 500, 502, 503, 504). */
  status?: number;
  /** For 429 and 503: the Retry-After header sent, seconds or "date"; "none" sends no header. */
  retryAfter?: string;
  /** Chance per matching request, 0 to 1. */
  probability: number;
  /** Only requests with this method (upper case); any when absent. */
  method?: string;
  /** Only requests whose path below the API root matches this glob; any when absent. */
  path?: string;
}

const STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);
const KINDS = ["503", "502", "504", "500", "408", "425", "429", "reset", "commit-then-reset", "hang", "twilio-20429"];
const FAULT = /^([a-z0-9-]+)(?:=([^:@]+))?(?::([^@]+))?(?:@(.+))?$/i;
/** The PARAM that makes a 429 or 503 carry no Retry-After header. */
export const NO_RETRY_AFTER = "none";
const HINT = 'Write faults as KIND[=PARAM][:PROBABILITY][@[METHOD ]PATH], comma-separated, e.g. --faults "503:0.1,reset:0.05@POST /instances".';

function parseProbability(text: string | undefined, fault: string): number {
  if (text === undefined) return 1;
  const trimmed = text.trim();
  const percent = trimmed.endsWith("%");
  const number = (percent ? trimmed.slice(0, -1) : trimmed).trim();
  const value = Number(number);
  const probability = percent ? value / 100 : value;
  if (number === "" || !Number.isFinite(probability) || probability < 0 || probability > 1) {
    throw new UsageError(`--faults: the probability in "${fault}" must be between 0 and 1 (or 0% and 100%).`, HINT);
  }
  return probability;
}

function parseRoute(text: string | undefined, fault: string): Pick<FaultSpec, "method" | "path"> {
  if (text === undefined) return {};
  const parts = text.trim().split(/\s+/);
  const [first, second] = parts;
  if (parts.length > 2 || !first) throw new UsageError(`--faults: the route in "${fault}" must be "[METHOD ]PATH", e.g. @POST /instances.`, HINT);
  if (parts.length === 1) return first.startsWith("/") ? { path: first } : { method: first.toUpperCase() };
  if (!second?.startsWith("/")) throw new UsageError(`--faults: the path in "${fault}" must start with /, e.g. @POST /instances.`, HINT);
  return { method: first.toUpperCase(), path: second };
}

function parseOne(text: string): FaultSpec {
  const match = FAULT.exec(text);
  const name = match?.[1]?.toLowerCase();
  if (!match || !name || !KINDS.includes(name)) {
    throw new UsageError(`--faults: "${text}" is not a fault; kinds are ${KINDS.join(", ")}.`, HINT);
  }
  const param = match[2]?.trim();
  const status = /^\d+$/.test(name) ? Number(name) : undefined;
  if (param !== undefined && status !== 429 && status !== 503) throw new UsageError(`--faults: only 429 and 503 take a parameter (their Retry-After), not "${text}".`, HINT);
  if (param !== undefined && param !== "date" && param !== NO_RETRY_AFTER && !/^\d+$/.test(param)) {
    throw new UsageError(`--faults: the Retry-After in "${text}" must be whole seconds, "date" or "${NO_RETRY_AFTER}".`, HINT);
  }
  const spec: FaultSpec = { kind: status ? "status" : (name as FaultKind), probability: parseProbability(match[3], text), ...parseRoute(match[4], text) };
  if (status !== undefined && STATUSES.has(status)) spec.status = status;
  if (status === 429) spec.retryAfter = param ?? "1";
  else if (param !== undefined) spec.retryAfter = param;
  return spec;
}

/** The faults a `--faults` string describes; a UsageError naming the bad part otherwise. */
export function parseFaults(text: string): FaultSpec[] {
  const parts = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (parts.length === 0) throw new UsageError("--faults is empty.", HINT);
  return parts.map(parseOne);
}

/** A `--latency` value: "40" or "20-200" (milliseconds). */
export function parseLatency(text: string): number | [number, number] {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  const min = Number(match?.[1]);
  const max = match?.[2] === undefined ? undefined : Number(match[2]);
  if (!match || (max !== undefined && max < min) || min > 600_000 || (max ?? 0) > 600_000) {
    throw new UsageError(`--latency ${text} is not a delay: give milliseconds, such as 40, or a range such as 20-200 (at most 600000).`);
  }
  return max === undefined ? min : [min, max];
}

/** A `--seed` value: a whole number. */
export function parseSeed(text: string): number {
  if (!/^\d{1,15}$/.test(text.trim())) throw new UsageError(`--seed ${text} is not a whole number: pass one such as 42 to repeat a run.`);
  return Number(text.trim());
}

/** The faults written back in the `--faults` syntax, for the emulator's banner. */
export function describeFaults(faults: readonly FaultSpec[]): string {
  return faults
    .map((fault) => {
      const name = fault.kind === "status" ? String(fault.status) : fault.kind;
      const param = fault.retryAfter !== undefined ? `=${fault.retryAfter}` : "";
      const route = fault.method || fault.path ? `@${[fault.method, fault.path].filter(Boolean).join(" ")}` : "";
      return `${name}${param}:${fault.probability}${route}`;
    })
    .join(",");
}
