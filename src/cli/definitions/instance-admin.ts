// The commands that use stored instances: send, instances list|show|delete, token.
import { defineCommand } from "../define-command.ts";
import { EXAMPLES } from "../examples.ts";

const TARGET = [{ name: "target", label: "name|id", description: "instance name or id" }] as const;

export const send = defineCommand({
  path: ["send"],
  description: "send one SMS through a stored instance",
  options: {
    to: { type: "string", flags: "--to <number>", description: "recipient, E.164 (+15551234567)", required: true },
    message: { type: "string", flags: "-m, --message <text>", description: "message text" },
    template: { type: "string", flags: "-t, --template <usageType>", description: "use the instance's template of this usage type" },
    code: { type: "string", flags: "--code <digits>", description: "code for {{code}} (default: a random 6-digit code)" },
    instance: { type: "string", flags: "-i, --instance <name|id>", description: "stored instance to send through (default: the only one)" },
    from: { type: "string", flags: "--from <sender>", description: "override the instance's sender" },
    wait: { type: "boolean", flags: "--wait", description: "wait for Twilio's final status: delivered (exit 0), undelivered or failed (exit 7), none by the deadline (exit 6)" },
    waitTimeout: { type: "string", flags: "--wait-timeout <seconds>", description: "with --wait: how long to wait (default 60)" },
  },
  help: [EXAMPLES.send],
  run: async ({ options }, ctx) => (await import("../../commands/send.ts")).send(options, ctx),
});

export const instancesList = defineCommand({
  path: ["instances", "list"],
  description: "stored instances of the profile",
  options: {
    remote: { type: "boolean", flags: "--remote", description: "ask the platform instead of the local store" },
    tag: { type: "string", flags: "--tag <tag>", description: "only instances with this tag" },
  },
  help: [EXAMPLES.instancesList],
  run: async ({ options }, ctx) => (await import("../../commands/instances-list.ts")).listInstances(options, ctx),
});

export const instancesShow = defineCommand({
  path: ["instances", "show"],
  description: "one instance (never its token)",
  args: TARGET,
  options: {},
  help: [EXAMPLES.instancesShow],
  run: async ({ args }, ctx) => (await import("../../commands/instances-show.ts")).showInstance(args, ctx),
});

export const instancesDelete = defineCommand({
  path: ["instances", "delete"],
  description: "delete the instance on the platform, then forget its token",
  args: TARGET,
  options: {
    localOnly: { type: "boolean", flags: "--local-only", description: "only forget the stored token; leave the platform alone" },
    yes: { type: "boolean", flags: "-y, --yes", description: "do not ask for confirmation" },
  },
  help: [EXAMPLES.instancesDelete],
  run: async ({ args, options }, ctx) => (await import("../../commands/instances-delete.ts")).deleteInstance({ ...args, ...options }, ctx),
});

export const token = defineCommand({
  path: ["token"],
  description: "print a stored instance token alone, for $(connector token NAME)",
  args: TARGET,
  options: {},
  help: [EXAMPLES.token],
  run: async ({ args }, ctx) => (await import("../../commands/token.ts")).printToken(args, ctx),
});
