// The checks that talk to the network: the base URL's host resolves, the platform answers (TLS
// and proxy included), it accepts the secrets, and each stored instance still exists there.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { decideProxy } from "../api/proxy.ts";
import type { Credentials, PlatformClient } from "../api/platform.ts";
import { CliError, NetworkError } from "../errors.ts";
import type { InstanceRecord } from "../store/index.ts";
import type { Check } from "./types.ts";

/** DNS for the base URL's host, unless a proxy resolves it for us. */
export async function checkDns(baseUrl: string, env: NodeJS.ProcessEnv): Promise<Check> {
  const url = new URL(baseUrl);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return { id: "dns", title: "DNS", status: "ok", detail: `${host} is an address; nothing to resolve` };
  if (decideProxy(url, env).proxy) return { id: "dns", title: "DNS", status: "skip", detail: `${host} is resolved by the proxy` };
  try {
    const addresses = await lookup(host, { all: true });
    return {
      id: "dns",
      title: "DNS",
      status: "ok",
      detail: `${host} -> ${addresses
        .map((a) => a.address)
        .slice(0, 3)
        .join(", ")}`,
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "failed";
    return {
      id: "dns",
      title: "DNS",
      status: "fail",
      detail: `${host} does not resolve (${code})`,
      hint: "Check --base-url for typos and this machine's network; behind a proxy set HTTPS_PROXY.",
      code: "network",
    };
  }
}

/** Reachability (with TLS for https:) and the secrets, in one GET /instances?pageSize=1. */
export async function checkPlatform(client: PlatformClient, baseUrl: string, credentials: Credentials | undefined): Promise<Check[]> {
  const tls = baseUrl.startsWith("https:") ? ", TLS verified" : "";
  const started = Date.now();
  try {
    for await (const _ of client.listInstances({ pageSize: 1 })) break;
    const reach: Check = { id: "platform", title: "Platform", status: "ok", detail: `answered in ${Date.now() - started} ms${tls}` };
    return [reach, { id: "auth", title: "Secrets accepted", status: "ok", detail: "GET /instances answered 200" }];
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error instanceof NetworkError) {
      const failed: Check = { id: "platform", title: "Platform", status: "fail", detail: `no answer (${error.kind}): ${error.message}`, code: error.code };
      if (error.hint) failed.hint = error.hint;
      return [failed, { id: "auth", title: "Secrets accepted", status: "skip", detail: "the platform did not answer" }];
    }
    const reach: Check = { id: "platform", title: "Platform", status: "ok", detail: `answered in ${Date.now() - started} ms${tls}` };
    if (!credentials) return [reach, { id: "auth", title: "Secrets accepted", status: "skip", detail: "no secrets to check" }];
    if (error.code === "auth")
      return [
        reach,
        { id: "auth", title: "Secrets accepted", status: "fail", detail: error.message, hint: "Check the secrets (connector login stores new ones) and the base URL's data center.", code: "auth" },
      ];
    return [reach, { id: "auth", title: "Secrets accepted", status: "fail", detail: error.message, ...(error.hint ? { hint: error.hint } : {}), code: error.code }];
  }
}

/** Each stored instance of this base URL still exists on the platform (GET /instances/{id}). */
export async function checkInstances(client: PlatformClient | undefined, baseUrl: string, stored: InstanceRecord[]): Promise<Check> {
  const here = stored.filter((record) => record.baseUrl === baseUrl);
  const elsewhere = stored.length - here.length;
  const other = elsewhere ? `; ${elsewhere} stored for other base URLs not checked` : "";
  if (stored.length === 0) return { id: "instances", title: "Stored instances", status: "ok", detail: "none stored" };
  if (!client) return { id: "instances", title: "Stored instances", status: "skip", detail: `${here.length} stored; not checked, the platform is not usable${other}` };
  const gone: string[] = [];
  for (const record of here) {
    try {
      await client.getInstance(record.id);
    } catch (error) {
      if (error instanceof CliError && error.code === "not_found") gone.push(`${record.name} (id ${record.id})`);
      else return { id: "instances", title: "Stored instances", status: "skip", detail: `could not check: ${(error as Error).message}` };
    }
  }
  if (gone.length) {
    const first = here.find((r) => gone[0]?.startsWith(`${r.name} `));
    return {
      id: "instances",
      title: "Stored instances",
      status: "warn",
      detail: `${here.length - gone.length} of ${here.length} still exist; gone from the platform: ${gone.join(", ")}${other}`,
      hint: `Forget each with: connector instances delete ${first?.id ?? "<id>"} --local-only`,
    };
  }
  return { id: "instances", title: "Stored instances", status: "ok", detail: `${here.length} of ${here.length} exist on the platform${other}` };
}
