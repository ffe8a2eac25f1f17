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
import { EmulatorState } from "./state.ts";
import { createStateWriter, loadStateFile } from "./state-file.ts";
import type { EmulatorOptions, RecordedRequest, RunningEmulator } from "./types.ts";

/** How many requests `requests` keeps (the most recent). */
export const MAX_RECORDED_REQUESTS = 10_000;
/** Bodies larger than this are refused with 413 and not kept. */
const MAX_BODY_BYTES = 1024 * 1024;

interface Server {
  options: EmulatorOptions;
  state: EmulatorState;
  persist(): Promise<void>;
}

async function route(server: Server, req: IncomingMessage, path: string, query: string, body: string): Promise<Reply> {
  const method = req.method ?? "GET";
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

async function answer(server: Server, req: IncomingMessage, res: ServerResponse, path: string, query: string, body: string | undefined): Promise<void> {
  const requestId = createRequestId();
  let reply: Reply;
  try {
    if (body === undefined) throw new HttpFailure(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    reply = await route(server, req, path, query, body);
  } catch (error) {
    const failure = error instanceof HttpFailure ? error : new HttpFailure(500, `Internal emulator error: ${(error as Error).message}`);
    reply = replyForFailure(failure, requestId);
  }
  writeReply(res, reply, requestId);
}

/** Starts the emulator on `options.host`:`options.port`; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const statePath = options.statePath;
  const state = new EmulatorState(statePath ? loadStateFile(statePath) : undefined);
  const writer = statePath ? createStateWriter(statePath, () => state.snapshot()) : undefined;
  const server: Server = { options, state, persist: writer ? () => writer.save() : () => Promise.resolve() };
  const requests: RecordedRequest[] = [];

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
      requests.push({ method: req.method ?? "GET", path, query, headers: req.headers, body: body ?? "" });
      if (requests.length > MAX_RECORDED_REQUESTS) requests.shift();
      void answer(server, req, res, path, query, body);
    });
  });

  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException): void => {
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
    port,
    requests,
    instances: () => state.list().map((instance) => ({ ...instance, tags: [...instance.tags], configuration: { ...instance.configuration } })),
    messages: () => state.allMessages(),
    async close() {
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      await writer?.idle();
    },
  };
}
