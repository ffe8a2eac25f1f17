// `connector emulator`: a local Open Connectors-compatible platform, until Ctrl-C or SIGTERM.
import type { Context } from "../context.ts";
import { UsageError } from "../errors.ts";
import type { CommandResult } from "../ui/result.ts";

export interface EmulatorCommandOptions {
  host: string;
  port: string;
  userSecret?: string;
  orgSecret?: string;
  state?: string;
}

/** Starts the emulator, announces its URL, and serves until Ctrl-C or SIGTERM. */
export async function emulator(options: EmulatorCommandOptions, ctx: Context, announce: (result: CommandResult) => void): Promise<undefined> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${options.port} is not a port number (0 to 65535).`);
  const { startEmulator } = await import("../emulator/index.ts");
  const running = await startEmulator({ host: options.host, port, userSecret: options.userSecret, orgSecret: options.orgSecret, statePath: options.state });
  announce({
    data: { url: running.url, host: options.host, port: running.port, state: options.state ?? null },
    text: () => running.url,
  });
  if (!ctx.json) ctx.note(`Open Connectors emulator listening. Try:\n  CONNECTOR_BASE_URL=${running.url} CONNECTOR_USER_SECRET=u CONNECTOR_ORG_SECRET=o connector provision --file instance.example.json\nCtrl-C stops it.`);
  await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
  await running.close();
  // Stopping is the emulator's normal end, so it exits 0 (and writes no second JSON document).
  if (!ctx.json) ctx.note("Emulator stopped.");
  return undefined;
}
