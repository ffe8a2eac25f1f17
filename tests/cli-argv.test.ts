// The parser, one layer at a time: for every command, argv in, the typed input its `run`
// receives out (arguments by name, options with their declared types and defaults, entry flags
// by entry key). The table is keyed by CommandName, so a new command cannot lack its row.
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { COMMANDS, type CommandName } from "../src/cli/definitions/index.ts";
import type { CommandDef, CommandInput } from "../src/cli/define-command.ts";
import { GLOBAL_OPTIONS } from "../src/cli/options/global-options.ts";
import { buildProgram } from "../src/cli/program.ts";
import { readInput, readOptions } from "../src/cli/read-input.ts";

interface Row {
  argv: string[];
  env?: NodeJS.ProcessEnv;
  /** What `run` receives; options compared whole, so a stray or mistyped one fails. */
  expected: { args?: Record<string, string>; options: Record<string, unknown>; entries?: Record<string, string> };
}

const noInstance = { element: undefined, name: undefined, tag: [], config: [] };

/** What `connector emulator` receives with no option given: the declared defaults, the rest undefined. */
const EMULATOR_DEFAULTS = {
  host: "127.0.0.1",
  port: "8787",
  userSecret: undefined,
  orgSecret: undefined,
  state: undefined,
  emptyLists: "404",
  pageTokens: "offset",
  configurationPatch: "applied",
  latency: undefined,
  faults: undefined,
  seed: undefined,
  deliveryMs: undefined,
};

const TABLE: Record<CommandName, Row[]> = {
  init: [
    { argv: ["init"], expected: { options: { ...noInstance, out: "instance.json", force: false, fromLogto: undefined, inlineSecrets: false } } },
    {
      argv: ["init", "--name", "acme", "--tag", "a", "--tag", "b", "--sender", "+15005550006", "-o", "-", "--force"],
      expected: {
        options: { ...noInstance, name: "acme", tag: ["a", "b"], out: "-", force: true, fromLogto: undefined, inlineSecrets: false },
        entries: { "messaging.sms.twilio.sender": "+15005550006" },
      },
    },
  ],
  validate: [
    { argv: ["validate", "--file", "x.json", "--config", "k=v"], expected: { options: { ...noInstance, file: "x.json", config: ["k=v"] } } },
    { argv: ["validate", "--account-sid", "AC1"], expected: { options: { ...noInstance, file: undefined }, entries: { "messaging.sms.twilio.account": "AC1", username: "AC1" } } },
  ],
  verify: [
    {
      argv: ["verify", "-f", "i.json", "--twilio-api-url", "http://127.0.0.1:1"],
      expected: { options: { ...noInstance, file: "i.json", twilioApiUrl: "http://127.0.0.1:1", twilioMessagingUrl: undefined, apiKey: undefined, apiSecret: undefined } },
    },
    {
      argv: ["verify", "--api-key", "SK0123456789abcdef0123456789abcdef"],
      expected: { options: { ...noInstance, file: undefined, twilioApiUrl: undefined, twilioMessagingUrl: undefined, apiKey: "SK0123456789abcdef0123456789abcdef", apiSecret: undefined } },
    },
  ],
  provision: [
    {
      argv: ["provision", "--file", "one.json"],
      expected: {
        options: {
          ...noInstance,
          file: ["one.json"],
          verify: false,
          testTo: undefined,
          testFrom: undefined,
          wait: false,
          waitTimeout: undefined,
          twilioApiUrl: undefined,
          twilioMessagingUrl: undefined,
          batch: undefined,
          concurrency: undefined,
          shard: undefined,
          maxRate: undefined,
          dryRun: false,
          ifExists: "fail",
          showToken: false,
          githubOutput: false,
        },
      },
    },
    {
      argv: [
        "provision",
        "-f",
        "a.json",
        "-f",
        "dir",
        "--if-exists",
        "skip",
        "--concurrency",
        "16",
        "--shard",
        "2/4",
        "--max-rate",
        "20",
        "--dry-run",
        "--show-token",
        "--verify",
        "--test-to",
        "+15551234567",
        "--wait",
        "--wait-timeout",
        "90",
      ],
      expected: {
        options: {
          ...noInstance,
          file: ["a.json", "dir"],
          verify: true,
          testTo: "+15551234567",
          testFrom: undefined,
          wait: true,
          waitTimeout: "90",
          twilioApiUrl: undefined,
          twilioMessagingUrl: undefined,
          batch: undefined,
          concurrency: "16",
          shard: "2/4",
          maxRate: "20",
          dryRun: true,
          ifExists: "skip",
          showToken: true,
          githubOutput: false,
        },
      },
    },
  ],
  plan: [
    {
      argv: ["plan"],
      expected: {
        options: { file: [], batch: undefined, prune: undefined, replaceSecrets: false, githubOutput: false, maxRate: undefined, concurrency: undefined, out: undefined, detailedExitcode: false },
      },
    },
    {
      argv: ["plan", "--file", "instances", "--concurrency", "32"],
      expected: {
        options: {
          file: ["instances"],
          batch: undefined,
          prune: undefined,
          replaceSecrets: false,
          githubOutput: false,
          maxRate: undefined,
          concurrency: "32",
          out: undefined,
          detailedExitcode: false,
        },
      },
    },
    {
      argv: ["plan"],
      expected: {
        options: { file: [], batch: undefined, prune: undefined, replaceSecrets: false, githubOutput: false, concurrency: undefined, maxRate: undefined, out: undefined, detailedExitcode: false },
      },
    },
    {
      argv: ["plan", "-f", "a.json", "--file", "instances", "--prune", "team", "--out", "plan.json", "--detailed-exitcode", "--replace-secrets", "--github-output", "--max-rate", "2.5"],
      expected: {
        options: {
          file: ["a.json", "instances"],
          batch: undefined,
          prune: "team",
          replaceSecrets: true,
          githubOutput: true,
          concurrency: undefined,
          maxRate: "2.5",
          out: "plan.json",
          detailedExitcode: true,
        },
      },
    },
    {
      argv: ["plan"],
      env: { CONNECTOR_MAX_RATE: "40" },
      expected: {
        options: { file: [], batch: undefined, prune: undefined, replaceSecrets: false, githubOutput: false, concurrency: undefined, maxRate: "40", out: undefined, detailedExitcode: false },
      },
    },
  ],
  apply: [
    {
      argv: ["apply", "--file", "instances", "--prune", "team", "-y"],
      expected: {
        options: { file: ["instances"], batch: undefined, prune: "team", replaceSecrets: false, githubOutput: false, concurrency: undefined, maxRate: undefined, yes: true, plan: undefined },
      },
    },
    {
      argv: ["apply", "--plan", "plan.json", "--max-rate", "10"],
      expected: { options: { file: [], batch: undefined, prune: undefined, replaceSecrets: false, githubOutput: false, concurrency: undefined, maxRate: "10", yes: false, plan: "plan.json" } },
    },
    {
      argv: ["apply", "--plan", "plan.json"],
      expected: { options: { file: [], batch: undefined, prune: undefined, replaceSecrets: false, githubOutput: false, maxRate: undefined, concurrency: undefined, yes: false, plan: "plan.json" } },
    },
    {
      argv: ["apply", "--plan", "plan.json", "--concurrency", "4", "--yes"],
      expected: { options: { file: [], batch: undefined, prune: undefined, replaceSecrets: false, githubOutput: false, maxRate: undefined, concurrency: "4", yes: true, plan: "plan.json" } },
    },
  ],
  send: [
    {
      argv: ["send", "--to", "+15551234567", "-m", "hi"],
      expected: { options: { to: "+15551234567", message: "hi", template: undefined, code: undefined, instance: undefined, from: undefined, wait: false, waitTimeout: undefined } },
    },
    {
      argv: ["send", "--to", "+1555", "-t", "SignIn", "--code", "123456", "-i", "acme", "--from", "+1500"],
      expected: { options: { to: "+1555", message: undefined, template: "SignIn", code: "123456", instance: "acme", from: "+1500", wait: false, waitTimeout: undefined } },
    },
    {
      argv: ["send", "--to", "+1555", "-m", "hi", "--wait", "--wait-timeout", "120"],
      expected: { options: { to: "+1555", message: "hi", template: undefined, code: undefined, instance: undefined, from: undefined, wait: true, waitTimeout: "120" } },
    },
  ],
  "instances list": [
    { argv: ["instances", "list"], expected: { options: { remote: false, tag: undefined } } },
    { argv: ["instances", "list", "--remote", "--tag", "prod"], expected: { options: { remote: true, tag: "prod" } } },
  ],
  "instances show": [{ argv: ["instances", "show", "acme sms"], expected: { args: { target: "acme sms" }, options: {} } }],
  "instances delete": [{ argv: ["instances", "delete", "42", "--yes", "--local-only"], expected: { args: { target: "42" }, options: { yes: true, localOnly: true } } }],
  token: [{ argv: ["token", "acme"], expected: { args: { target: "acme" }, options: {} } }],
  login: [
    { argv: ["login"], expected: { options: { insecureStorage: false } } },
    { argv: ["login", "--insecure-storage"], expected: { options: { insecureStorage: true } } },
  ],
  logout: [{ argv: ["logout"], expected: { options: {} } }],
  "auth status": [
    { argv: ["auth", "status"], expected: { options: {} } },
    { argv: ["auth", "status", "--json", "--profile", "ci"], expected: { options: {} } },
  ],
  "auth login": [{ argv: ["auth", "login", "--insecure-storage"], expected: { options: { insecureStorage: true } } }],
  "auth logout": [{ argv: ["auth", "logout"], expected: { options: {} } }],
  emulator: [
    { argv: ["emulator"], expected: { options: EMULATOR_DEFAULTS } },
    { argv: ["emulator", "--port", "0", "--faults", "503:0.1", "--seed", "7"], expected: { options: { ...EMULATOR_DEFAULTS, port: "0", faults: "503:0.1", seed: "7" } } },
    { argv: ["emulator", "--empty-lists", "200", "--delivery-ms", "2000"], expected: { options: { ...EMULATOR_DEFAULTS, emptyLists: "200", deliveryMs: "2000" } } },
    { argv: ["emulator", "--page-tokens", "counter", "--configuration-patch", "ignored"], expected: { options: { ...EMULATOR_DEFAULTS, pageTokens: "counter", configurationPatch: "ignored" } } },
  ],
  schema: [{ argv: ["schema", "--element", "twilio"], expected: { options: { element: "twilio" } } }],
  completion: [{ argv: ["completion", "zsh"], expected: { args: { shell: "zsh" }, options: {} } }],
  doctor: [{ argv: ["doctor"], expected: { options: {} } }],
  __complete: [{ argv: ["__complete", "profiles"], expected: { args: { kind: "profiles" }, options: {} } }],
};

/**
 * Parses argv with the real program, built for that argv as src/main.ts builds it (or whole),
 * and reads back what the command's `run` would receive.
 */
async function parse(argv: string[], env: NodeJS.ProcessEnv = {}, whole = false): Promise<{ definition: CommandDef; command: Command; input: CommandInput<never, readonly []> }> {
  let chosen: { definition: CommandDef; command: Command } | undefined;
  const program = buildProgram(async (parsed) => void (chosen = parsed), { out: () => undefined, err: () => undefined }, whole ? undefined : argv);
  await program.parseAsync(argv, { from: "user" });
  if (!chosen) throw new Error(`no command chosen for ${argv.join(" ")}`);
  return { ...chosen, input: readInput(chosen.definition, chosen.command, env) as CommandInput<never, readonly []> };
}

describe("argv -> typed options, for every command", () => {
  const rows = (Object.entries(TABLE) as [CommandName, Row[]][]).flatMap(([name, cases]) => cases.map((row) => [name, row] as const));
  it.each(rows)("%s: %j", async (name, row) => {
    const { definition, input } = await parse(row.argv, row.env);
    expect(definition.path.join(" ")).toBe(name);
    expect(input.options).toEqual(row.expected.options);
    expect(input.args).toEqual(row.expected.args ?? {});
    expect(input.entries).toEqual(row.expected.entries ?? {});
  });

  it.each(rows)("%s, from the whole program: the same, %j", async (_name, row) => {
    const lazy = await parse(row.argv, row.env);
    const whole = await parse(row.argv, row.env, true);
    for (const part of ["options", "args", "entries"] as const) expect(lazy.input[part]).toEqual(whole.input[part]);
    expect(lazy.command.helpInformation()).toBe(whole.command.helpInformation());
  });

  it("a program built for one command gives the others only their names; a group named alone has its subcommands whole", () => {
    const optionsOf = (program: Command, path: string[]) => path.reduce((command, word) => command.commands.find((c) => c.name() === word) as Command, program).options.length;
    const built = (argv: string[]) => buildProgram(async () => undefined, { out: () => undefined, err: () => undefined }, argv);
    expect(optionsOf(built(["provision", "-f", "x"]), ["provision"])).toBeGreaterThan(0);
    expect(optionsOf(built(["provision", "-f", "x"]), ["send"])).toBe(0);
    expect(optionsOf(built(["instances", "show", "x"]), ["instances", "list"])).toBe(0);
    expect(optionsOf(built(["instances"]), ["instances", "list"])).toBeGreaterThan(0);
    expect(optionsOf(built(["help", "token"]), ["provision"])).toBeGreaterThan(0);
  });

  it("the table covers every declared command", () => {
    expect(Object.keys(TABLE).sort()).toEqual(COMMANDS.map((c) => c.path.join(" ")).sort());
  });
});

describe("global options: flag, then environment, then the declared default", () => {
  const globals = async (argv: string[], env: NodeJS.ProcessEnv) => readOptions(GLOBAL_OPTIONS, (await parse(argv, env)).command, env);

  it("defaults when neither is given", async () => {
    expect(await globals(["doctor"], {})).toEqual({ profile: "default", baseUrl: undefined, json: false, input: true, timeout: "30", retries: "3", verbose: false, color: true });
  });

  it("the environment fills what the command line left out; the command line wins, before or after the command", async () => {
    const env = { CONNECTOR_PROFILE: "ci", CONNECTOR_TIMEOUT: "5", CONNECTOR_RETRIES: "", CONNECTOR_BASE_URL: "http://127.0.0.1:1/elements/api-v2" };
    expect(await globals(["doctor", "--json", "--no-input"], env)).toMatchObject({ profile: "ci", timeout: "5", retries: "3", baseUrl: env.CONNECTOR_BASE_URL, json: true, input: false });
    expect(await globals(["--profile", "p1", "doctor", "--timeout", "9"], env)).toMatchObject({ profile: "p1", timeout: "9" });
  });
});
