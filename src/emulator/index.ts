// The local Open Connectors emulator: an in-process platform for trying the CLI and for CI.
// `connector emulator` runs it; tests start it on port 0 and talk to it with fetch.
export { startEmulator, MAX_RECORDED_REQUESTS } from "./server.ts";
export { MAX_MESSAGES } from "./state.ts";
export type { EmulatorInstance, EmulatorMessage, EmulatorOptions, EmulatorStats, RecordedRequest, RunningEmulator, TwilioMessage } from "./types.ts";
export { describeFaults, parseFaults, parseLatency, parseSeed } from "./fault-spec.ts";
export type { FaultKind, FaultSpec } from "./fault-spec.ts";
export type { InjectedFault } from "./faults.ts";
export { DEFAULT_DELIVERY_MS, UNDELIVERED_TO } from "./delivery.ts";
