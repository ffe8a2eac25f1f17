// A loopback front to the emulator that runs a test's hook once the platform has created an
// instance and before the CLI hears of it: the moment where the store can break (the disk fills,
// the directory becomes read-only, another process takes the lock) with the instance already made.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Gate {
  /** The base URL to give the CLI (`.../elements/api-v2`). */
  url: string;
  /** How many creates have been answered so far. */
  created: () => number;
  close(): Promise<void>;
}

const PASSED_HEADERS = ["content-type", "elements-request-id", "elements-next-page-token", "elements-total-count", "elements-returned-count"];

/** An answer the gate gives itself instead of forwarding the request. */
export interface GateAnswer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * Forwards everything to `upstream` (the emulator's base URL); runs `afterCreate` before answering a
 * POST /instances. `intercept` may answer a request itself (a gateway's or the platform's refusal).
 */
export async function startGate(upstream: string, afterCreate: () => Promise<void> | void, intercept?: (method: string, url: URL) => GateAnswer | undefined): Promise<Gate> {
  const origin = new URL(upstream).origin;
  let created = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const own = intercept?.(req.method ?? "GET", new URL(req.url ?? "/", origin));
        if (own) return void res.writeHead(own.status, { "content-type": own.contentType }).end(own.body);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string" && name !== "host" && name !== "content-length") headers[name] = value;
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        const answer = await fetch(origin + (req.url ?? "/"), { method: req.method, headers, body });
        const text = await answer.text();
        if (req.method === "POST" && /\/instances$/.test(new URL(req.url ?? "/", origin).pathname) && answer.ok) {
          await afterCreate();
          created++;
        }
        const out: Record<string, string> = {};
        for (const name of PASSED_HEADERS) {
          const value = answer.headers.get(name);
          if (value !== null) out[name] = value;
        }
        res.writeHead(answer.status, out).end(text);
      })().catch((error: unknown) => res.writeHead(599).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${new URL(upstream).pathname}`,
    created: () => created,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
