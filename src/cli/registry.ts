// Lazy dispatch: each command's module (and the libraries it needs) is loaded only when that
// command runs, so `connector --version` pays for the parser alone.
import type { Context } from "../context.ts";
import type { CommandResult } from "../ui/result.ts";
import type { CommandName } from "./program.ts";
import { readInstanceFlags, secretFlagsUsed } from "./entry-flags.ts";
import { readBatchFlags } from "./batch-flags.ts";
import { readProvisionTwilioFlags, readTwilioUrlFlags } from "./twilio-flags.ts";
import { stringOption } from "../values.ts";

type Options = Record<string, unknown>;
type Runner = (args: string[], options: Options, ctx: Context, announce: (result: CommandResult) => void) => Promise<CommandResult | undefined>;


const COMMANDS: Record<CommandName, Runner> = {
  init: async (_args, o, ctx) => (await import("../commands/init.ts")).init({ ...readInstanceFlags(o), out: stringOption(o.out) ?? "instance.json", force: o.force === true, fromLogto: stringOption(o.fromLogto), inlineSecrets: o.inlineSecrets === true }, ctx),
  validate: async (_args, o, ctx) => (await import("../commands/validate.ts")).validate(readInstanceFlags(o), ctx),
  verify: async (_args, o, ctx) => (await import("../commands/verify.ts")).verify({ ...readInstanceFlags(o), ...readTwilioUrlFlags(o) }, ctx),
  provision: async (_args, o, ctx, announce) =>
    (await import("../commands/provision.ts")).provision(
      { ...readInstanceFlags(o), ...readProvisionTwilioFlags(o), ...readBatchFlags(o), dryRun: o.dryRun === true, ifExists: (stringOption(o.ifExists) ?? "fail") as "fail", showToken: o.showToken === true },
      ctx,
      announce,
    ),
  send: async (_args, o, ctx) =>
    (await import("../commands/send.ts")).send(
      { to: stringOption(o.to) ?? "", message: stringOption(o.message), template: stringOption(o.template), code: stringOption(o.code), instance: stringOption(o.instance), from: stringOption(o.from) },
      ctx,
    ),
  "instances list": async (_args, o, ctx) => (await import("../commands/instances-list.ts")).listInstances({ remote: o.remote === true, tag: stringOption(o.tag) }, ctx),
  "instances show": async ([target], _o, ctx) => (await import("../commands/instances-show.ts")).showInstance({ target: target ?? "" }, ctx),
  "instances delete": async ([target], o, ctx) =>
    (await import("../commands/instances-delete.ts")).deleteInstance({ target: target ?? "", localOnly: o.localOnly === true, yes: o.yes === true }, ctx),
  token: async ([target], _o, ctx) => (await import("../commands/token.ts")).printToken({ target: target ?? "" }, ctx),
  login: async (_args, _o, ctx) => (await import("../commands/login.ts")).login(ctx),
  logout: async (_args, _o, ctx) => (await import("../commands/logout.ts")).logout(ctx),
  emulator: async (_args, o, ctx, announce) =>
    (await import("../commands/emulator.ts")).emulator(
      {
        host: stringOption(o.host) ?? "127.0.0.1",
        port: stringOption(o.port) ?? "8787",
        userSecret: stringOption(o.userSecret),
        orgSecret: stringOption(o.orgSecret),
        state: stringOption(o.state),
        latency: stringOption(o.latency),
        faults: stringOption(o.faults),
        seed: stringOption(o.seed),
      },
      ctx,
      announce,
    ),
  schema: async (_args, o, ctx) => (await import("../commands/schema.ts")).schema({ element: stringOption(o.element) }, ctx),
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
