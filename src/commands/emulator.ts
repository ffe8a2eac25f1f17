// `connector emulator`: a local Open Connectors-compatible platform, until Ctrl-C, Ctrl-Break (Windows) or SIGTERM (src/os/stop-signals.ts).
import type { Context } from "../context.ts";
import { UsageError } from "../errors.ts";
import { withEnvironment } from "../os/advice.ts";
import type { EmulatorStats } from "../emulator/index.ts";
import type { CommandResult } from "../ui/result.ts";
import { plural } from "../ui/plural.ts";

export interface EmulatorCommandOptions {
  host: string;
  port: string;
  userSecret?: string;
  orgSecret?: string;
  state?: string;
  /** `--empty-lists`: "404" (the platform's answer to a list that finds nothing, the default) or "200" (`200 []`). */
  emptyLists?: string;
  /** `--page-tokens`: "offset" (a token only while more follow, the default) or "counter" (the platform's documented counter on every page). */
  pageTokens?: string;
  /** `--configuration-patch`: "applied" (the default) or "ignored" (PATCH /instances/{id} leaves the configuration alone). */
  configurationPatch?: string;
  /** `--latency`: "40" or "20-200" milliseconds. */
  latency?: string;
  /** `--faults`: the syntax of src/emulator/fault-spec.ts. */
  faults?: string;
  /** `--seed`: repeatable draws; a random one (reported) when faults or a latency range are set. */
  seed?: string;
  /** `--delivery-ms`: how long a message takes from queued to delivered. */
  deliveryMs?: string;
}

/** Starts the emulator, announces its URL, and serves until Ctrl-C, Ctrl-Break (Windows) or SIGTERM (src/os/stop-signals.ts). */
export async function emulator(options: EmulatorCommandOptions, ctx: Context, announce: (result: CommandResult) => void): Promise<undefined> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${options.port} is not a port number (0 to 65535).`);
  checkExposure(options);
  const { startEmulator, parseFaults, parseLatency, parseSeed, describeFaults, DEFAULT_DELIVERY_MS } = await import("../emulator/index.ts");
  const latencyMs = options.latency === undefined ? undefined : parseLatency(options.latency);
  const faults = options.faults === undefined ? undefined : parseFaults(options.faults);
  const seed = options.seed === undefined ? Math.floor(Math.random() * 1_000_000) : parseSeed(options.seed);
  const deliveryMs = options.deliveryMs === undefined ? undefined : parseDeliveryMs(options.deliveryMs);
  const running = await startEmulator({
    host: options.host,
    port,
    userSecret: options.userSecret,
    orgSecret: options.orgSecret,
    statePath: options.state,
    emptyListAs200: options.emptyLists === "200",
    pageTokens: options.pageTokens === "counter" ? "counter" : "offset",
    ignoreConfigurationPatch: options.configurationPatch === "ignored",
    latencyMs,
    faults,
    seed,
    deliveryMs,
  });
  const chaos = { latencyMs: latencyMs ?? null, faults: faults ? describeFaults(faults) : null, seed: faults || Array.isArray(latencyMs) ? seed : null };
  announce({
    data: { url: running.url, twilioApiUrl: running.twilioApiUrl, host: options.host, port: running.port, state: options.state ?? null, deliveryMs: deliveryMs ?? DEFAULT_DELIVERY_MS, ...chaos },
    text: () => running.url,
  });
  if (!ctx.json && chaos.seed !== null)
    ctx.note(
      `Injecting ${chaos.faults ?? "no faults"}${latencyMs === undefined ? "" : `, latency ${Array.isArray(latencyMs) ? latencyMs.join("-") : latencyMs} ms`}; repeat this run with --seed ${seed}.`,
    );
  if (!ctx.json) ctx.note(`Open Connectors emulator listening. ${tryLine(running.url, options)}\n${twilioLine(running.twilioApiUrl)}\nCtrl-C stops it.`);
  await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
  await running.close();
  // Stopping is the emulator's normal end, so it exits 0 (and writes no second JSON document).
  if (chaos.seed !== null) ctx.note(describeStats(running.stats()));
  if (!ctx.json) ctx.note("Emulator stopped.");
  return undefined;
}

/** The closing line of a run with faults: what was served and injected, for the person or a bench. */
export function describeStats(stats: EmulatorStats): string {
  const total = Object.values(stats.faults).reduce((sum, count) => sum + count, 0);
  const kinds = Object.entries(stats.faults)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(", ");
  return `Served ${plural(stats.requests, "request")}, injected ${plural(total, "fault")}${kinds ? ` (${kinds})` : ""}.`;
}

/**
 * A first command that works in any directory, pasted as it is. Secrets the user chose with
 * --user-secret/--org-secret are never printed: the line names the variables to put them in.
 * The Twilio values are the emulator's demo ones (Twilio's magic sender), not anyone's account.
 */
export function tryLine(url: string, options: Pick<EmulatorCommandOptions, "userSecret" | "orgSecret">): string {
  const demo = "connector provision --name demo --sender +15005550006";
  const twilio: [string, string][] = [
    ["TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef"],
    ["TWILIO_AUTH_TOKEN", "5f4dcc3b5aa765d61d8327deb882cf99"],
  ];
  const chosen = [options.userSecret === undefined ? undefined : "CONNECTOR_USER_SECRET", options.orgSecret === undefined ? undefined : "CONNECTOR_ORG_SECRET"].filter((name) => name !== undefined);
  const anyValue = [
    options.userSecret === undefined ? ["CONNECTOR_USER_SECRET", "user-secret"] : undefined,
    options.orgSecret === undefined ? ["CONNECTOR_ORG_SECRET", "org-secret"] : undefined,
  ].filter((pair): pair is [string, string] => pair !== undefined);
  const head = chosen.length === 0 ? "Try:" : `Try, with ${chosen.join(" and ")} set to the secret${chosen.length === 1 ? "" : "s"} you passed:`;
  // In the shell of this OS (src/os/advice.ts): PowerShell on Windows.
  return `${head}\n  ${withEnvironment([["CONNECTOR_BASE_URL", url], ...anyValue, ...twilio], demo)}`;
}

/** Where its Twilio API answers, and a verify against it that passes with the demo account. */
export function twilioLine(twilioApiUrl: string): string {
  return `Twilio API (the reads of connector verify, for the demo account): ${twilioApiUrl}\n  TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef TWILIO_AUTH_TOKEN=5f4dcc3b5aa765d61d8327deb882cf99 connector verify --name demo --sender +15005550006 --twilio-api-url ${twilioApiUrl}`;
}

/** True for an address only this machine can reach: 127.0.0.0/8, ::1, localhost. */
function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost" || bare === "::1" || bare === "::ffff:127.0.0.1") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/**
 * Without --user-secret and --org-secret the emulator accepts any secrets, so on an address other
 * machines reach, anyone there could list every instance with its token and Twilio credentials.
 */
function checkExposure(options: Pick<EmulatorCommandOptions, "host" | "userSecret" | "orgSecret">): void {
  if (isLoopbackHost(options.host) || (options.userSecret !== undefined && options.orgSecret !== undefined)) return;
  const missing = [options.userSecret === undefined ? "--user-secret" : undefined, options.orgSecret === undefined ? "--org-secret" : undefined].filter((flag) => flag !== undefined);
  throw new UsageError(
    `--host ${options.host} lets other machines reach the emulator, which without ${missing.join(" and ")} accepts any secrets: anyone who can reach it could list every instance, its token and its Twilio credentials.`,
    "Pass both --user-secret and --org-secret (the emulator then accepts only those), or leave --host at 127.0.0.1.",
  );
}

/** `--delivery-ms`: whole milliseconds from 0 (final at once) to a day. */
function parseDeliveryMs(value: string): number {
  const ms = Number(value);
  if (value.trim() === "" || !Number.isInteger(ms) || ms < 0 || ms > 86_400_000) {
    throw new UsageError(`--delivery-ms ${value} is not a whole number of milliseconds from 0 to 86400000.`, "For example: --delivery-ms 2000 (the default is 400).");
  }
  return ms;
}
