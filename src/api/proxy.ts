// Which proxy a request goes through, decided the way undici's EnvHttpProxyAgent decides it
// (lower-case variables first, NO_PROXY by host suffix and optional port), plus one rule of our
// own: loopback never goes through a proxy, so the emulator works behind a corporate proxy.
import { UsageError } from "../errors.ts";
import { maskUrlPassword, registerSecret } from "../secrets.ts";

const PROXY_VARIABLES = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"];

/**
 * Refuses a proxy variable that is not an http: or https: URL with a valid port (`proxy:8080`,
 * `http://proxy:99999`) as a usage error naming it. Every variable is checked, even when this
 * request would not use it (loopback): undici reads them all when the client is made.
 */
export function checkProxyVariables(env: NodeJS.ProcessEnv): void {
  for (const name of PROXY_VARIABLES) {
    const value = env[name];
    if (!value) continue;
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (url && (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "") continue;
    throw new UsageError(`${name}=${maskUrlPassword(value)} is not a proxy URL.`, `Give ${name} as http://host:port (a port from 1 to 65535), or unset it.`);
  }
}

/** Hosts that are never proxied: a proxy elsewhere cannot reach this machine's loopback. */
export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/** Where the proxy decision for one URL came from, for `connector doctor` and error messages. */
export interface ProxyDecision {
  /** The proxy URL, when the request goes through one. */
  proxy?: string;
  /** The variable that named it (`https_proxy`, `HTTP_PROXY`, ...). */
  variable?: string;
  /** The NO_PROXY entry (or loopback) that sends it direct although a proxy is set. */
  bypass?: string;
}

/** The NO_PROXY list handed to EnvHttpProxyAgent: the environment's, plus the loopback hosts. */
export function noProxyList(env: NodeJS.ProcessEnv): string {
  const own = (env.no_proxy ?? env.NO_PROXY ?? "").trim();
  if (own === "*") return "*";
  return [own, ...LOOPBACK_HOSTS].filter(Boolean).join(",");
}

/** The part of undici's Pool the proxy client needs: CONNECT, as ProxyAgent calls it (promise form). */
interface ProxyPool {
  connect(options: object): Promise<unknown>;
}

/**
 * Options for EnvHttpProxyAgent. A password inside a proxy URL is registered as secret, and the
 * client to the proxy turns "the proxy closed the connection during CONNECT" into a proxy error:
 * undici 7 otherwise reconnects in a tight loop that no deadline stops (nodejs/undici#3897,
 * fixed only in undici 8, which needs Node 22).
 */
export function proxyAgentOptions<P extends ProxyPool>(
  env: NodeJS.ProcessEnv,
  Pool: new (origin: URL | string, options: object) => P,
): { httpProxy: string; httpsProxy: string; noProxy: string; clientFactory: (origin: URL, options: object) => P } {
  checkProxyVariables(env);
  for (const name of PROXY_VARIABLES) {
    const value = env[name];
    if (value && URL.canParse(value)) registerSecret(decodeURIComponent(new URL(value).password));
  }
  const clientFactory = (origin: URL, options: object): P => {
    const pool = new Pool(origin, options);
    const connect = pool.connect.bind(pool);
    pool.connect = async (params: object) => {
      try {
        return await connect(params);
      } catch (error) {
        if ((error as { code?: string }).code !== "UND_ERR_SOCKET") throw error;
        throw Object.assign(new Error(`the proxy closed the connection before the tunnel was set up (${(error as Error).message})`), { code: "UND_ERR_PRX_CONN", cause: error });
      }
    };
    return pool;
  };
  // Named explicitly (an empty string is "none"), so that undici never reads process.env itself:
  // the context's environment is the only one (tests run the program in-process with their own).
  const httpProxy = env.http_proxy || env.HTTP_PROXY || "";
  const httpsProxy = env.https_proxy || env.HTTPS_PROXY || "";
  return { httpProxy, httpsProxy, noProxy: noProxyList(env), clientFactory };
}

/** The proxy `url` goes through according to `env`, or why it goes direct. */
export function decideProxy(url: URL, env: NodeJS.ProcessEnv): ProxyDecision {
  const chosen = pickVariable(url.protocol === "https:" ? ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"] : ["http_proxy", "HTTP_PROXY"], env);
  if (!chosen) return {};
  const bypass = matchNoProxy(url, noProxyList(env));
  return bypass ? { bypass } : { proxy: chosen.value, variable: chosen.name };
}

function pickVariable(names: string[], env: NodeJS.ProcessEnv): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value) return { name, value };
  }
  return undefined;
}

/** The NO_PROXY entry matching `url` (same host, or a subdomain; port when the entry has one). */
function matchNoProxy(url: URL, list: string): string | undefined {
  if (list === "*") return "*";
  const host = url.host.replace(/:\d*$/, "").toLowerCase();
  const port = Number.parseInt(url.port, 10) || (url.protocol === "https:" ? 443 : 80);
  for (const entry of list.split(/[,\s]/)) {
    if (!entry) continue;
    const parsed = /^(.+):(\d+)$/.exec(entry);
    const entryHost = (parsed ? (parsed[1] ?? "") : entry).replace(/^\*?\./, "").toLowerCase();
    if (parsed && Number(parsed[2]) !== port) continue;
    if (host === entryHost || host.endsWith(`.${entryHost}`)) return entry;
  }
  return undefined;
}

/** A proxy URL fit to print: its user and password masked. */
export function describeProxy(proxy: string): string {
  try {
    const url = new URL(proxy);
    if (url.username || url.password) {
      url.username = "****";
      url.password = "";
    }
    return url.href.replace(/\/$/, "");
  } catch {
    return proxy;
  }
}
