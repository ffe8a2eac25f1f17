// The commands around the core ones: the profile (login, logout, auth status), the local platform
// (emulator), and what fits connector into editors and shells (schema, completion, doctor).
import { ELEMENTS } from "../../elements/index.ts";
import { defineCommand } from "../define-command.ts";
import { EXAMPLES, FAULTS_HELP } from "../examples.ts";

/** The shells `connector completion` writes scripts for. */
export const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;

/** What `connector __complete <kind>` lists, for the completion scripts' dynamic values. */
export const COMPLETION_KINDS = ["instances", "profiles"] as const;

const LOGIN_OPTIONS = {
  insecureStorage: { type: "boolean", flags: "--insecure-storage", description: "keep the platform secrets in the 0600 store file, not the OS keychain" },
} as const;

export const login = defineCommand({
  path: ["login"],
  description: "check and store the profile's base URL and platform secrets (in the OS keychain when one answers)",
  options: LOGIN_OPTIONS,
  help: [EXAMPLES.login],
  run: async ({ options }, ctx) => (await import("../../commands/login.ts")).login(options, ctx),
});

export const logout = defineCommand({
  path: ["logout"],
  description: "remove the profile's stored platform secrets",
  options: {},
  help: [EXAMPLES.logout],
  run: async (_input, ctx) => (await import("../../commands/logout.ts")).logout(ctx),
});

export const authStatus = defineCommand({
  path: ["auth", "status"],
  description: "every stored profile: its platform, where its secrets are, its instances, the default",
  options: {},
  help: [EXAMPLES.authStatus],
  run: async (_input, ctx) => (await import("../../commands/auth-status.ts")).authStatus(ctx),
});

export const authLogin = defineCommand({ ...login, path: ["auth", "login"] });
export const authLogout = defineCommand({ ...logout, path: ["auth", "logout"] });

export const emulator = defineCommand({
  path: ["emulator"],
  description: "run a local Open Connectors-compatible platform until interrupted",
  options: {
    host: { type: "string", flags: "--host <host>", description: "address to listen on", default: "127.0.0.1" },
    port: { type: "string", flags: "--port <port>", description: "port (0 picks a free one)", default: "8787" },
    userSecret: { type: "string", flags: "--user-secret <secret>", description: "accept only this user secret (default: any)" },
    orgSecret: { type: "string", flags: "--org-secret <secret>", description: "accept only this organization secret (default: any)" },
    state: { type: "string", flags: "--state <file>", description: "keep instances in this file instead of memory" },
    emptyLists: { type: "string", flags: "--empty-lists <status>", description: "how a list that finds nothing answers: 404 like the platform, or 200 []", choices: ["404", "200"], default: "404" },
    pageTokens: {
      type: "string",
      flags: "--page-tokens <kind>",
      description: "next-page tokens: offset (only while more follow) or counter (the platform's documented page counter, on every page)",
      choices: ["offset", "counter"],
      default: "offset",
    },
    configurationPatch: {
      type: "string",
      flags: "--configuration-patch <mode>",
      description: "whether PATCH /instances/{id} applies a configuration: applied, or ignored (only /instances/{id}/configuration/{id} changes it)",
      choices: ["applied", "ignored"],
      default: "applied",
    },
    latency: { type: "string", flags: "--latency <ms|min-max>", description: "delay every answer: 40, or a range drawn per request such as 20-200" },
    faults: { type: "string", flags: "--faults <spec>", description: "inject faults: KIND[=PARAM][:PROBABILITY][@[METHOD ]PATH],... (see below)" },
    seed: { type: "string", flags: "--seed <n>", description: "seed of the latency and fault draws, to repeat a run" },
    deliveryMs: { type: "string", flags: "--delivery-ms <ms>", description: "time a message takes from queued to delivered (default 400); To +15005553007 and kin end undelivered" },
  },
  help: [EXAMPLES.emulator, FAULTS_HELP],
  run: async ({ options }, ctx, announce) => (await import("../../commands/emulator.ts")).emulator(options, ctx, announce),
});

export const schema = defineCommand({
  path: ["schema"],
  description: "print the JSON Schema of instance.json, for editors",
  options: {
    element: { type: "string", flags: "--element <key>", description: `only this element (${ELEMENTS.map((e) => e.key).join(", ")})` },
  },
  help: [EXAMPLES.schema],
  run: async ({ options }, ctx) => (await import("../../commands/schema.ts")).schema(options, ctx),
});

export const completion = defineCommand({
  path: ["completion"],
  description: "print a shell completion script for commands, options and stored names",
  args: [{ name: "shell", description: "the shell", choices: SHELLS }],
  options: {},
  help: [EXAMPLES.completion],
  run: async ({ args, commandTree }, ctx) => (await import("../../commands/completion.ts")).completion({ ...args, commands: commandTree() }, ctx),
});

export const doctor = defineCommand({
  path: ["doctor"],
  description: "check Node, the state directory, the profile, the platform and the stored instances",
  options: {},
  help: [EXAMPLES.doctor],
  run: async (_input, ctx) => (await import("../../commands/doctor.ts")).doctor(ctx),
});

export const complete = defineCommand({
  path: ["__complete"],
  description: "list stored names for the completion scripts, one a line",
  args: [{ name: "kind", description: "what to list", choices: COMPLETION_KINDS }],
  options: {},
  help: [],
  hidden: true,
  run: async ({ args }, ctx) => (await import("../../commands/complete-names.ts")).completeNames(args, ctx),
});
