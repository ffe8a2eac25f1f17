// Every command and option of `connector`, declared in one place. Parsing only: each action
// hands its options to `dispatch`, which lazy-loads the command's module (src/main.ts).
import { Command, Option } from "commander";
import { ELEMENTS } from "../elements/index.ts";
import { VERSION } from "../version.ts";
import { addInstanceOptions } from "./entry-flags.ts";
import { addBatchOptions, BATCH_HELP } from "./batch-flags.ts";
import { EXAMPLES, FAULTS_HELP } from "./examples.ts";
import { addToolCommands } from "./tool-commands.ts";
import { addProvisionTwilioOptions, addTwilioUrlOptions } from "./twilio-flags.ts";

export type CommandName =
  | "init"
  | "validate"
  | "verify"
  | "provision"
  | "send"
  | "instances list"
  | "instances show"
  | "instances delete"
  | "token"
  | "login"
  | "logout"
  | "emulator"
  | "schema"
  | "completion"
  | "doctor"
  | "__complete";

/** Receives the parsed command: its name, positional arguments and every option (globals too). */
export type Dispatch = (name: CommandName, args: string[], options: Record<string, unknown>) => Promise<void>;

/**
 * Builds the commander program; `dispatch` runs the chosen command. Parse errors are thrown
 * (never printed, never exiting) so that src/main.ts renders them like every other error;
 * this is set before the subcommands are added because commander copies it into each.
 */
export function buildProgram(dispatch: Dispatch, write: { out: (text: string) => void; err: (text: string) => void }): Command {
  const program = new Command("connector")
    .exitOverride()
    .configureOutput({ writeOut: write.out, writeErr: write.err, outputError: () => undefined })
    .description("Provision and test Twilio SMS connector instances on SAP Open Connectors.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .addOption(new Option("--profile <name>", "stored profile to use (env CONNECTOR_PROFILE; default: default)"))
    .addOption(new Option("--base-url <url>", "platform API root, with /elements/api-v2 (env CONNECTOR_BASE_URL)"))
    .option("--json", "print exactly one JSON document on stdout")
    .option("--no-input", "never prompt (also CONNECTOR_NO_INPUT=1, CI=true, or no TTY)")
    .addOption(new Option("--timeout <seconds>", "deadline for each HTTP request (env CONNECTOR_TIMEOUT; default 30)"))
    .addOption(new Option("--retries <n>", "retries of a failed request that is safe to repeat (env CONNECTOR_RETRIES; default 3)"))
    .option("-v, --verbose", "log requests and responses to stderr, secrets redacted (also DEBUG=connector)")
    .option("--no-color", "no colour (also NO_COLOR)")
    .showSuggestionAfterError(true)
    .addHelpText("after", `\nElements:\n${ELEMENTS.map((e) => `  ${e.key.padEnd(12)} ${e.name}`).join("\n")}\n${EXAMPLES.program}`);

  const action = (name: CommandName) =>
    async function (this: Command, ...args: unknown[]) {
      const positional = args.slice(0, this.registeredArguments.length).map(String);
      await dispatch(name, positional, this.optsWithGlobals());
    };

  addInstanceOptions(program.command("init").description("write an instance.json, asking for each entry at a terminal"), { file: false })
    .option("-o, --out <path>", "where to write it, or - for standard output", "instance.json")
    .option("--force", "overwrite an existing file")
    .option("--from-logto <file>", "start from a Logto Twilio SMS connector config (JSON, or - for standard input)")
    .option("--inline-secrets", "with --from-logto: copy its Auth Token into the file (0600) instead of ${TWILIO_AUTH_TOKEN}")
    .addHelpText("after", EXAMPLES.init)
    .action(action("init"));

  addInstanceOptions(program.command("validate").description("check an instance configuration without any network call"), { file: true })
    .addHelpText("after", EXAMPLES.validate)
    .action(action("validate"));

  addTwilioUrlOptions(addInstanceOptions(program.command("verify").description("check the Twilio credentials and sender with Twilio itself, before provisioning"), { file: true }))
    .addHelpText("after", EXAMPLES.verify)
    .action(action("verify"));

  addBatchOptions(addProvisionTwilioOptions(addInstanceOptions(program.command("provision").description("create the instance on the platform and store its token"), { file: "repeatable" })))
    .option("--dry-run", "print the request that would be sent, secrets redacted, and send nothing")
    .addOption(new Option("--if-exists <mode>", "when an instance of this element and name exists").choices(["fail", "skip", "update", "create"]).default("fail"))
    .option("--show-token", "print the new instance token (it is always stored)")
    .addHelpText("after", EXAMPLES.provision)
    .addHelpText("after", BATCH_HELP)
    .action(action("provision"));

  program
    .command("send")
    .description("send one SMS through a stored instance")
    .requiredOption("--to <number>", "recipient, E.164 (+15551234567)")
    .option("-m, --message <text>", "message text")
    .option("-t, --template <usageType>", "use the instance's template of this usage type")
    .option("--code <digits>", "code for {{code}} (default: a random 6-digit code)")
    .option("-i, --instance <name|id>", "stored instance to send through (default: the only one)")
    .option("--from <sender>", "override the instance's sender")
    .addHelpText("after", EXAMPLES.send)
    .action(action("send"));

  const instances = program.command("instances").description("list, show and delete instances");
  instances
    .command("list")
    .description("stored instances of the profile")
    .option("--remote", "ask the platform instead of the local store")
    .option("--tag <tag>", "only instances with this tag")
    .addHelpText("after", EXAMPLES.instancesList)
    .action(action("instances list"));
  instances
    .command("show")
    .description("one instance (never its token)")
    .argument("<name|id>", "instance name or id")
    .addHelpText("after", EXAMPLES.instancesShow)
    .action(action("instances show"));
  instances
    .command("delete")
    .description("delete the instance on the platform, then forget its token")
    .argument("<name|id>", "instance name or id")
    .option("--local-only", "only forget the stored token; leave the platform alone")
    .option("-y, --yes", "do not ask for confirmation")
    .addHelpText("after", EXAMPLES.instancesDelete)
    .action(action("instances delete"));

  program
    .command("token")
    .description("print a stored instance token alone, for $(connector token NAME)")
    .argument("<name|id>", "instance name or id")
    .addHelpText("after", EXAMPLES.token)
    .action(action("token"));

  program
    .command("login")
    .description("check and store the profile's base URL and platform secrets")
    .addHelpText("after", EXAMPLES.login)
    .action(action("login"));
  program
    .command("logout")
    .description("remove the profile's stored platform secrets")
    .addHelpText("after", EXAMPLES.logout)
    .action(action("logout"));

  program
    .command("emulator")
    .description("run a local Open Connectors-compatible platform until interrupted")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <port>", "port (0 picks a free one)", "8787")
    .option("--user-secret <secret>", "accept only this user secret (default: any)")
    .option("--org-secret <secret>", "accept only this organization secret (default: any)")
    .option("--state <file>", "keep instances in this file instead of memory")
    .option("--latency <ms|min-max>", "delay every answer: 40, or a range drawn per request such as 20-200")
    .option("--faults <spec>", "inject faults: KIND[=PARAM][:PROBABILITY][@[METHOD ]PATH],... (see below)")
    .option("--seed <n>", "seed of the latency and fault draws, to repeat a run")
    .addHelpText("after", EXAMPLES.emulator)
    .addHelpText("after", FAULTS_HELP)
    .action(action("emulator"));

  addToolCommands(program, action);
  return program;
}
