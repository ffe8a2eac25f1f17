// The emulator's HTTP server (node:http only, for speed): reads each request, records it,
// routes it, and answers in the platform's shape with an `Elements-Request-Id` header.
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { UsageError } from "../errors.ts";
import { authenticate } from "./auth.ts";
import { createRequestId, HttpFailure, replyForFailure, writeReply } from "./reply.ts";
import type { Reply } from "./reply.ts";
import { API_ROOT, matchRoute } from "./routes.ts";
import { answerTwilio, isTwilioPath } from "./twilio-api-routes.ts";
import { createChaos, faultMessage, faultName, retryAfterValue, TWILIO_TOO_MANY_REQUESTS } from "./faults.ts";
import type { Chaos, InjectedFault } from "./faults.ts";
import { EmulatorState } from "./state.ts";
import { createStateWriter, loadStateFile } from "./state-file.ts";
import { lockStateFile } from "./state-lock.ts";
import type { EmulatorOptions, EmulatorStats, RecordedRequest, RunningEmulator } from "./types.ts";

/** How many requests `requests` keeps (the most recent). */
export const MAX_RECORDED_REQUESTS = 10_000;
/**
 * The most the request log holds, bodies and an estimate of headers counted: without it, 10,000
 * kept bodies of up to 1 MiB each would exhaust the heap long before the count limit.
 */
export const MAX_RECORDED_BYTES = 32 * 1024 * 1024;
/** Bodies larger than this are refused with 413 and not kept. */
const MAX_BODY_BYTES = 1024 * 1024;

interface Server {
  options: EmulatorOptions;
  state: EmulatorState;
  persist(): Promise<void>;
  chaos: Chaos;
  injected: InjectedFault[];
  /** Every request answered (or not) and every fault injected since start, unbounded. */
  stats: EmulatorStats;
  /** Resolves after `ms`, or at once when the emulator closes. */
  wait(ms: number): Promise<void>;
}

async function route(server: Server, req: IncomingMessage, path: string, query: string, body: string): Promise<Reply> {
  const method = req.method ?? "GET";
  // Twilio's own API (what `connector verify` reads) lives at the origin, beside the platform's.
  if (isTwilioPath(path)) return answerTwilio(method, path, new URLSearchParams(query), req.headers.authorization);
  const below = path.startsWith(`${API_ROOT}/`) ? path.slice(API_ROOT.length).replace(/\/+$/, "") : undefined;
  let match;
  try {
    match = below === undefined ? ({ kind: "none" } as const) : matchRoute(method, below);
  } catch {
    throw new HttpFailure(400, `Malformed percent-encoding in the path ${path}.`);
  }
  if (match.kind === "none") throw new HttpFailure(404, `Not found: ${method} ${path}`);
  if (match.kind === "method") {
    throw new HttpFailure(405, `Method ${method} is not allowed on ${path}: use ${match.allowed.join(", ")}.`, {}, { Allow: match.allowed.join(", ") });
  }
  const credentials = authenticate(req.headers.authorization, server.options);
  return match.handler({
    params: match.params,
    query: new URLSearchParams(query),
    body,
    contentType: req.headers["content-type"] ?? "",
    credentials,
    state: server.state,
    options: server.options,
    persist: server.persist,
  });
}

/** The reply to one request (errors included), computed by the routes: applies any change. */
async function computeReply(server: Server, req: IncomingMessage, path: string, query: string, body: string | undefined, requestId: string): Promise<Reply> {
  try {
    if (body === undefined) throw new HttpFailure(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    return await route(server, req, path, query, body);
  } catch (error) {
    const failure = error instanceof HttpFailure ? error : new HttpFailure(500, `Internal emulator error: ${(error as Error).message}`);
    return replyForFailure(failure, requestId);
  }
}

/** Answers one request, after its latency, unless an injected fault decides otherwise. */
async function answer(server: Server, req: IncomingMessage, res: ServerResponse, path: string, query: string, body: string | undefined): Promise<void> {
  const requestId = createRequestId();
  const method = req.method ?? "GET";
  const fault = server.chaos.pick(method, path.startsWith(`${API_ROOT}/`) ? path.slice(API_ROOT.length) : path);
  const delay = server.chaos.latency();
  server.stats.requests++;
  if (fault) {
    const name = faultName(fault);
    server.injected.push({ fault: name, method, path });
    server.stats.faults[name] = (server.stats.faults[name] ?? 0) + 1;
  }
  if (server.injected.length > MAX_RECORDED_REQUESTS) server.injected.shift();
  if (delay > 0) await server.wait(delay);
  if (req.socket.destroyed) return;
  if (fault?.kind === "hang") return; // never answered: the client's deadline, or close(), ends it
  if (fault?.kind === "reset") {
    req.socket.resetAndDestroy();
    return;
  }
  if (fault?.kind === "status") {
    const retryAfter = retryAfterValue(fault);
    const failure = new HttpFailure(fault.status ?? 503, faultMessage(fault.status ?? 503), {}, retryAfter ? { "Retry-After": retryAfter } : {});
    writeReply(res, replyForFailure(failure, requestId), requestId);
    return;
  }
  if (fault?.kind === "twilio-20429") {
    const { status, message, providerMessage } = TWILIO_TOO_MANY_REQUESTS;
    writeReply(res, replyForFailure(new HttpFailure(status, message, { providerMessage }), requestId), requestId);
    return;
  }
  const reply = await computeReply(server, req, path, query, body, requestId);
  if (fault?.kind === "commit-then-reset") {
    req.socket.resetAndDestroy(); // the change is applied and stored; the client never learns it
    return;
  }
  if (!req.socket.destroyed) writeReply(res, reply, requestId);
}

/** Starts the emulator on `options.host`:`options.port`; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const statePath = options.statePath;
  // Held until close(): a second emulator on the same file is refused before it reads it.
  const lock = statePath ? lockStateFile(statePath) : undefined;
  let state: EmulatorState;
  let writer: ReturnType<typeof createStateWriter> | undefined;
  try {
    state = new EmulatorState(statePath ? loadStateFile(statePath) : undefined);
    writer = statePath ? createStateWriter(statePath, () => state.snapshot()) : undefined;
  } catch (error) {
    lock?.release();
    throw error;
  }
  const timers = new Map<NodeJS.Timeout, () => void>();
  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });
  const server: Server = { options, state, persist: writer ? () => writer.save() : () => Promise.resolve(), chaos: createChaos(options), injected: [], stats: { requests: 0, faults: {} }, wait };
  const requests: RecordedRequest[] = [];
  const sizes: number[] = [];
  let recordedBytes = 0;
  const record = (request: RecordedRequest) => {
    const bytes = request.body.length + request.path.length + request.query.length + 1024; // 1 KiB for headers and the record
    requests.push(request);
    sizes.push(bytes);
    recordedBytes += bytes;
    while (requests.length > MAX_RECORDED_REQUESTS || (recordedBytes > MAX_RECORDED_BYTES && requests.length > 1)) {
      requests.shift();
      recordedBytes -= sizes.shift() ?? 0;
    }
  };

  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      const url = req.url ?? "/";
      const mark = url.indexOf("?");
      const path = mark === -1 ? url : url.slice(0, mark);
      const query = mark === -1 ? "" : url.slice(mark + 1);
      const body = size <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString("utf8") : undefined;
      record({ method: req.method ?? "GET", path, query, headers: req.headers, body: body ?? "" });
      void answer(server, req, res, path, query, body);
    });
  });

  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException): void => {
      lock?.release();
      if (error.code === "EADDRINUSE") reject(new UsageError(`Port ${options.port} on ${host} is already in use: pass another --port (0 picks a free one).`));
      else if (error.code === "EACCES" || error.code === "EADDRNOTAVAIL") reject(new UsageError(`Cannot listen on ${host}:${options.port} (${error.code}): pass another --host or --port.`));
      else reject(error);
    };
    http.once("error", fail);
    http.listen(options.port ?? 0, host, () => {
      http.off("error", fail);
      resolve();
    });
  });

  const port = (http.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}${API_ROOT}`,
    twilioApiUrl: `http://${shownHost}:${port}`,
    port,
    requests,
    instances: () => state.list().map((instance) => ({ ...instance, tags: [...instance.tags], configuration: { ...instance.configuration } })),
    messages: () => state.allMessages(),
    injected: server.injected,
    stats: () => ({ requests: server.stats.requests, faults: { ...server.stats.faults } }),
    async close() {
      for (const [timer, resolve] of timers) {
        clearTimeout(timer);
        resolve();
      }
      timers.clear();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      await writer?.idle();
      lock?.release();
    },
  };
}
