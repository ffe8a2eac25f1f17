// Lazy dispatch: each command's module (and the libraries it needs) is loaded only when that
// command runs, so `connector --version` pays for the parser alone.
import type { Context } from "../context.ts";
import type { CommandResult } from "../ui/result.ts";
import type { CommandName } from "./program.ts";
import { readInstanceFlags, secretFlagsUsed } from "./entry-flags.ts";
import { readBatchFlags } from "./batch-flags.ts";
import { readProvisionTwilioFlags, readTwilioUrlFlags } from "./twilio-flags.ts";

type Options = Record<string, unknown>;
type Runner = (args: string[], options: Options, ctx: Context, announce: (result: CommandResult) => void) => Promise<CommandResult | undefined>;

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

const COMMANDS: Record<CommandName, Runner> = {
  init: async (_args, o, ctx) => (await import("../commands/init.ts")).init({ ...readInstanceFlags(o), out: str(o.out) ?? "instance.json", force: o.force === true, fromLogto: str(o.fromLogto), inlineSecrets: o.inlineSecrets === true }, ctx),
  validate: async (_args, o, ctx) => (await import("../commands/validate.ts")).validate(readInstanceFlags(o), ctx),
  verify: async (_args, o, ctx) => (await import("../commands/verify.ts")).verify({ ...readInstanceFlags(o), ...readTwilioUrlFlags(o) }, ctx),
  provision: async (_args, o, ctx, announce) =>
    (await import("../commands/provision.ts")).provision(
      { ...readInstanceFlags(o), ...readProvisionTwilioFlags(o), ...readBatchFlags(o), dryRun: o.dryRun === true, ifExists: (str(o.ifExists) ?? "fail") as "fail", showToken: o.showToken === true },
      ctx,
      announce,
    ),
  send: async (_args, o, ctx) =>
    (await import("../commands/send.ts")).send(
      { to: str(o.to) ?? "", message: str(o.message), template: str(o.template), code: str(o.code), instance: str(o.instance), from: str(o.from) },
      ctx,
    ),
  "instances list": async (_args, o, ctx) => (await import("../commands/instances-list.ts")).listInstances({ remote: o.remote === true, tag: str(o.tag) }, ctx),
  "instances show": async ([target], _o, ctx) => (await import("../commands/instances-show.ts")).showInstance({ target: target ?? "" }, ctx),
  "instances delete": async ([target], o, ctx) =>
    (await import("../commands/instances-delete.ts")).deleteInstance({ target: target ?? "", localOnly: o.localOnly === true, yes: o.yes === true }, ctx),
  token: async ([target], _o, ctx) => (await import("../commands/token.ts")).printToken({ target: target ?? "" }, ctx),
  login: async (_args, _o, ctx) => (await import("../commands/login.ts")).login(ctx),
  logout: async (_args, _o, ctx) => (await import("../commands/logout.ts")).logout(ctx),
  emulator: async (_args, o, ctx, announce) =>
    (await import("../commands/emulator.ts")).emulator(
      {
        host: str(o.host) ?? "127.0.0.1",
        port: str(o.port) ?? "8787",
        userSecret: str(o.userSecret),
        orgSecret: str(o.orgSecret),
        state: str(o.state),
        latency: str(o.latency),
        faults: str(o.faults),
        seed: str(o.seed),
      },
      ctx,
      announce,
    ),
  schema: async (_args, o, ctx) => (await import("../commands/schema.ts")).schema({ element: str(o.element) }, ctx),
  completion: async ([shell], _o, ctx) => (await import("../commands/completion.ts")).completion({ shell: shell ?? "" }, ctx),
  doctor: async (_args, _o, ctx) => (await import("../commands/doctor.ts")).doctor(ctx),
  __complete: async ([kind], _o, ctx) => (await import("../commands/complete-names.ts")).completeNames({ kind: kind ?? "" }, ctx),
};

/** Runs the named command. `announce` writes a result early (the emulator's URL). */
export async function runCommand(name: CommandName, args: string[], options: Options, ctx: Context, announce: (result: CommandResult) => void): Promise<CommandResult | undefined> {
  for (const flag of secretFlagsUsed(options)) {
    ctx.note(`Warning: ${flag} puts a secret in your shell history and the process list; prefer its environment variable.`);
  }
  return COMMANDS[name](args, options, ctx, announce);
}
