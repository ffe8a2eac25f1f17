// The parts of undici the client uses, and only those. undici's index loads its whole fetch,
// WebSocket, cache and mock implementations (and, through them, Node's own copy of undici):
// twice the code and about 35 ms of every network command's start. The dispatcher classes and
// the request API are loaded from their own modules instead (undici 7 has no `exports` map,
// so these paths are part of what it ships; tests/api-*.test.ts exercise them). `request`
// keeps the signature of undici's top-level request. Being an ES module of our own, this file
// also gives the bundle (scripts/build.mjs) static named exports for a dynamic import().
import type { Dispatcher } from "undici";
import apiRequest from "undici/lib/api/api-request.js";

// undici compiles its HTTP parser (llhttp) to WebAssembly on the first connection. The CLI runs
// V8 with its baseline WebAssembly compiler only (bin/connector.js says why); that flag is set
// there, before the program loads, and never here: the library runs inside other programs, whose
// V8 flags are theirs (and a flag changed at run time would also void the CLI's code cache).

export { default as EnvHttpProxyAgent } from "undici/lib/dispatcher/env-http-proxy-agent.js";
import apiConnect from "undici/lib/api/api-connect.js";
import BasePool from "undici/lib/dispatcher/pool.js";

/** undici's Pool with its `connect` (HTTP CONNECT), which undici's index adds and ProxyAgent's tunnels need. */
export class Pool extends BasePool {
  override connect(options: Dispatcher.ConnectOptions): Promise<Dispatcher.ConnectData> {
    return apiConnect.call(this, options);
  }
}

type RequestOptions = { dispatcher: Dispatcher } & Omit<Dispatcher.RequestOptions, "origin" | "path" | "method"> & Partial<Pick<Dispatcher.RequestOptions, "method">>;

/** undici's `request(url, options)`, always through `options.dispatcher` (no global dispatcher). */
export function request(url: URL, options: RequestOptions): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  return apiRequest.call(dispatcher, { ...rest, origin: url.origin, path: `${url.pathname}${url.search}`, method: options.method ?? "GET" });
}
