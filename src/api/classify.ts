// Classifies a failure to get any answer (DNS, refused, reset, TLS, proxy) into a NetworkError
// whose message is one line saying what happened and what to do. Retry decisions read the kind.
import type { ApiWords } from "../context.ts";
import { NetworkError, type NetworkErrorKind } from "../errors.ts";
import { shortenText } from "./platform-errors.ts";

/** What the request was, for messages that name it. */
export interface RequestTarget {
  method: string;
  path: string;
  url: URL;
}

const DNS = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NODATA", "EAI_NONAME"]);
const REFUSED = new Set(["ECONNREFUSED"]);
const RESET = new Set(["ECONNRESET", "UND_ERR_SOCKET", "EPIPE", "ECONNABORTED", "UND_ERR_CLOSED", "UND_ERR_DESTROYED"]);
const TIMEOUT = new Set(["ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);
const TLS = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_SELF_SIGNED|EPROTO$|ERR_OSSL_|HOSTNAME_MISMATCH)/;

interface ErrorFacts {
  code?: string;
  message: string;
  address?: string;
  hostname?: string;
  port?: number;
}

/** The innermost useful facts of an error: undici and Node wrap causes and aggregate attempts. */
function factsOf(error: unknown): ErrorFacts {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const record = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown; address?: unknown; hostname?: unknown; port?: unknown };
    if (typeof record.code === "string" && record.code !== "UND_ERR") {
      return {
        code: record.code,
        message: typeof record.message === "string" ? record.message : String(current),
        address: typeof record.address === "string" ? record.address : undefined,
        hostname: typeof record.hostname === "string" ? record.hostname : undefined,
        port: typeof record.port === "number" ? record.port : undefined,
      };
    }
    current = record.cause ?? (Array.isArray(record.errors) ? record.errors[0] : undefined);
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/** The proxy that applies to `url` according to the environment, if any (NO_PROXY not considered). */
function proxyFor(url: URL, env: NodeJS.ProcessEnv): URL | undefined {
  const raw = url.protocol === "https:" ? (env.https_proxy ?? env.HTTPS_PROXY ?? env.http_proxy ?? env.HTTP_PROXY) : (env.http_proxy ?? env.HTTP_PROXY);
  if (!raw) return undefined;
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

/** True when the failing socket was the one to the proxy rather than to the platform. */
function failedAtProxy(facts: ErrorFacts, target: URL, env: NodeJS.ProcessEnv): boolean {
  if (facts.code === "UND_ERR_PRX_TLS" || /\bproxy\b/i.test(facts.message)) return true;
  const proxy = proxyFor(target, env);
  if (!proxy) return false;
  const proxyPort = Number(proxy.port) || (proxy.protocol === "https:" ? 443 : 80);
  if (facts.hostname) return facts.hostname === proxy.hostname;
  const targetPort = Number(target.port) || (target.protocol === "https:" ? 443 : 80);
  return facts.address !== undefined && facts.port === proxyPort && proxyPort !== targetPort;
}

/** The kind of transport failure `error` is. */
export function kindOf(error: unknown, target: URL, env: NodeJS.ProcessEnv = process.env): NetworkErrorKind {
  const facts = factsOf(error);
  const code = facts.code ?? "";
  if (failedAtProxy(facts, target, env)) return "proxy";
  if (DNS.has(code)) return "dns";
  if (REFUSED.has(code)) return "refused";
  if (RESET.has(code)) return "reset";
  if (TIMEOUT.has(code)) return "timeout";
  if (TLS.test(code)) return "tls";
  return "other";
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** A NetworkError with a one-line, actionable message for `error` raised while sending `target`. */
export function classifyTransportError(error: unknown, target: RequestTarget, env: NodeJS.ProcessEnv = process.env, words?: ApiWords): NetworkError {
  // The option to check, in the caller's words (the CLI's flag, the library's setting).
  const baseUrl = words?.option("base-url") ?? "--base-url";
  const timeout = words?.option("timeout") ?? "--timeout";
  const facts = factsOf(error);
  const kind = kindOf(error, target.url, env);
  const host = target.url.host;
  const where = `${target.method} ${target.path}`;
  const detail = facts.code ? `${facts.code}` : facts.message;
  switch (kind) {
    case "dns":
      return new NetworkError(kind, `Cannot find host ${target.url.hostname} (DNS lookup failed, ${detail}). Check ${baseUrl} for typos and that this machine is online.`);
    case "refused": {
      const next = LOOPBACK.has(target.url.hostname)
        ? "Is the platform URL right? Start one with: connector emulator"
        : `Is the platform URL right (${baseUrl})? Check that the platform is reachable from this network.`;
      return new NetworkError(kind, `Cannot connect to ${host} (connection refused). ${next}`);
    }
    case "reset": {
      const maybe = target.method === "GET" ? "" : " The request may have taken effect: check (for example with `connector instances list --remote`) before repeating it.";
      return new NetworkError(kind, `The connection to ${host} broke during ${where} (${detail}).${maybe} If it keeps happening, check proxies and firewalls.`);
    }
    case "timeout":
      return new NetworkError(kind, `${where} could not reach ${host} in time (${detail}). Check the network, or raise ${timeout}.`);
    case "tls":
      return new NetworkError(
        kind,
        `The TLS connection to ${host} failed (${detail}). If a proxy or company firewall inspects HTTPS, set NODE_EXTRA_CA_CERTS to its CA certificate; otherwise check ${baseUrl}.`,
      );
    case "proxy":
      return new NetworkError(kind, `The proxy failed for ${where} (${shorten(facts.message)}). Check HTTPS_PROXY, HTTP_PROXY and NO_PROXY.`);
    default:
      return new NetworkError(kind, `${where} to ${host} failed without an answer (${shorten(detail)}). Check ${baseUrl} and the network, then try again.`);
  }
}

/** A network error's detail on its line: masked before the cut (platform-errors.ts), at most 160 characters. */
function shorten(text: string): string {
  return shortenText(text, 160);
}
