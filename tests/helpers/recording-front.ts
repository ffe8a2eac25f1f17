// A loopback front to the emulator that records the platform calls in the order they start and
// end, and how many of each kind were in flight at once. Calls of a kind it is told to hold wait
// until a second one of that kind is in flight (or a long while passes), so a client that runs
// them concurrently is seen doing so however fast the emulator answers, and one that runs them
// one at a time is seen with one in flight. It can refuse chosen calls, as the platform would.
import http from "node:http";
import type { AddressInfo } from "node:net";

/** "POST /instances", "PATCH /instances/{id}", "GET /instances": the method and the route. */
export type CallKind = string;

export interface CallEvent {
  kind: CallKind;
  at: "start" | "end";
  /** The request body, for a start. */
  body?: string;
}

export interface RecordingFront {
  /** The base URL to give the CLI (`.../elements/api-v2`). */
  url: string;
  events: CallEvent[];
  /** The most calls of `kind` in flight at one moment. */
  maxInFlight(kind: CallKind): number;
  close(): Promise<void>;
}

export interface FrontOptions {
  /** Kinds whose calls wait for a second one in flight (at most `holdMs`, default 2 s). */
  hold?: CallKind[];
  holdMs?: number;
  /** A refusal to answer instead of forwarding: `{status, message}` as the platform's error body. */
  refuse?: (kind: CallKind, body: string) => { status: number; message: string } | undefined;
}

const PASSED_HEADERS = ["content-type", "elements-request-id", "elements-next-page-token", "elements-total-count"];

/** Forwards everything to `upstream` (the emulator's base URL), recording as it goes. */
export async function startRecordingFront(upstream: string, options: FrontOptions = {}): Promise<RecordingFront> {
  const origin = new URL(upstream).origin;
  const events: CallEvent[] = [];
  const inFlight = new Map<CallKind, number>();
  const most = new Map<CallKind, number>();
  const waiting = new Map<CallKind, (() => void)[]>();

  const held = (kind: CallKind): Promise<void> | undefined => {
    if (!options.hold?.includes(kind)) return undefined;
    const queue = waiting.get(kind) ?? [];
    waiting.set(kind, queue);
    if ((inFlight.get(kind) ?? 0) >= 2) {
      for (const release of queue.splice(0)) release();
      return undefined;
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.holdMs ?? 2000);
      queue.push(() => (clearTimeout(timer), resolve()));
    });
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const path = new URL(req.url ?? "/", origin).pathname.replace(/^\/elements\/api-v2/, "").replace(/\/\d+$/, "/{id}");
        const kind = `${req.method} ${path}`;
        const body = Buffer.concat(chunks).toString();
        const now = (inFlight.get(kind) ?? 0) + 1;
        inFlight.set(kind, now);
        most.set(kind, Math.max(most.get(kind) ?? 0, now));
        events.push({ kind, at: "start", body });
        try {
          await held(kind);
          const refusal = options.refuse?.(kind, body);
          if (refusal) {
            res.writeHead(refusal.status, { "content-type": "application/json", "elements-request-id": "front-refusal" }).end(JSON.stringify({ requestId: "front-refusal", message: refusal.message }));
            return;
          }
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string" && name !== "host" && name !== "content-length") headers[name] = value;
          const answer = await fetch(origin + (req.url ?? "/"), { method: req.method, headers, body: chunks.length ? body : undefined });
          const text = await answer.text();
          const out: Record<string, string> = {};
          for (const name of PASSED_HEADERS) {
            const value = answer.headers.get(name);
            if (value !== null) out[name] = value;
          }
          res.writeHead(answer.status, out).end(text);
        } finally {
          inFlight.set(kind, (inFlight.get(kind) ?? 1) - 1);
          events.push({ kind, at: "end" });
        }
      })().catch((error: unknown) => res.writeHead(599).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${new URL(upstream).pathname}`,
    events,
    maxInFlight: (kind) => most.get(kind) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
