// A real HTTP proxy on 127.0.0.1 for tests: CONNECT tunnels (what undici's ProxyAgent uses for
// https: and http: targets) and absolute-form forwarding. It resolves names itself from `routes`
// (as a corporate proxy resolves names the client cannot) and refuses anything else: no test
// ever reaches past this machine.
import { connect, createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from "node:net";
import { createServer, request, type Server } from "node:http";
import { readFileSync } from "node:fs";
import { createServer as createTlsServer } from "node:tls";

export interface TestProxy {
  url: string;
  /** What reached it: `CONNECT host:port` or `GET http://...`. */
  seen: string[];
  close(): Promise<void>;
}

/** A loopback address and port the proxy connects to for one name; a route to `drop` closes the connection unanswered. */
export type Route = { host: string; port: number } | "drop";

/** Starts the proxy; `routes` maps `host:port` as the client names it to where it really is. */
export async function startProxy(routes: Record<string, Route>): Promise<TestProxy> {
  const seen: string[] = [];
  const target = (hostPort: string): Route | undefined => routes[hostPort.toLowerCase()];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? "");
    const route = target(`${url.hostname}:${url.port || 80}`);
    if (route === undefined || route === "drop") return void res.writeHead(403).end("not a test route");
    const upstream = request({ host: route.host, port: route.port, method: req.method, path: `${url.pathname}${url.search}`, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const route = target(req.url ?? "");
    if (route === "drop") return void client.destroy();
    if (route === undefined) return void client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
    const upstream = connect(route.port, route.host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  const port = await listen(server, "127.0.0.1");
  return { url: `http://127.0.0.1:${port}`, seen, close: () => closeServer(server) };
}

/** A TLS front for a plain-HTTP server on loopback, with the test certificate (platform.test, 127.0.0.1). */
export async function startTlsFront(plainPort: number): Promise<{ port: number; close(): Promise<void> }> {
  const fixture = (name: string) => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url));
  const server = createTlsServer({ key: fixture("key.pem"), cert: fixture("cert.pem") }, (socket) => {
    const upstream = connect(plainPort, "127.0.0.1");
    socket.pipe(upstream).pipe(socket);
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  return { port: await listen(server, "127.0.0.1"), close: () => closeServer(server) };
}

/** A plain TCP forwarder on `host` (another loopback address, e.g. 127.0.0.2) to a loopback port. */
export async function startForwarder(host: string, toPort: number): Promise<{ port: number; close(): Promise<void> }> {
  const server = createTcpServer((socket) => {
    const upstream = connect(toPort, "127.0.0.1");
    socket.pipe(upstream).pipe(socket);
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  return { port: await listen(server, host), close: () => closeServer(server) };
}

/** The path of the test CA certificate, for NODE_EXTRA_CA_CERTS. */
export const TEST_CA = new URL("../fixtures/tls/cert.pem", import.meta.url).pathname;

function listen(server: TcpServer, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: TcpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    (server as Server).closeAllConnections?.();
  });
}
