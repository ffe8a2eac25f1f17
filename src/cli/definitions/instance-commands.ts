// The commands that build an instance: init, validate, verify, provision.
import { defineCommand } from "../define-command.ts";
import { BATCH_HELP, EXAMPLES } from "../examples.ts";
import { CONCURRENCY_OPTION } from "../options/concurrency-option.ts";
import { FILE_OPTION, FILES_OPTION, INSTANCE_OPTIONS, instanceFlagsOf } from "../options/instance-options.ts";
import { MAX_RATE_OPTION, withMaxRate } from "../options/rate-options.ts";
import { PROVISION_TWILIO_OPTIONS, TWILIO_API_KEY_OPTIONS, TWILIO_URL_OPTIONS } from "../options/twilio-options.ts";

export const init = defineCommand({
  path: ["init"],
  description: "write an instance.json, asking for each entry at a terminal",
  options: {
    ...INSTANCE_OPTIONS,
    out: { type: "string", flags: "-o, --out <path>", description: "where to write it, or - for standard output", default: "instance.json" },
    force: { type: "boolean", flags: "--force", description: "overwrite an existing file" },
    fromLogto: { type: "string", flags: "--from-logto <file>", description: "start from a Logto Twilio SMS connector config (JSON, or - for standard input)" },
    inlineSecrets: { type: "boolean", flags: "--inline-secrets", description: "with --from-logto: copy its Auth Token into the file (0600) instead of ${TWILIO_AUTH_TOKEN}" },
  },
  entryFlags: true,
  help: [EXAMPLES.init],
  run: async ({ options: o, entries }, ctx) =>
    (await import("../../commands/init.ts")).init({ ...instanceFlagsOf(o, entries), out: o.out, force: o.force, fromLogto: o.fromLogto, inlineSecrets: o.inlineSecrets }, ctx),
});

export const validate = defineCommand({
  path: ["validate"],
  description: "check an instance configuration without any network call",
  options: { ...FILE_OPTION, ...INSTANCE_OPTIONS },
  entryFlags: true,
  help: [EXAMPLES.validate],
  run: async ({ options, entries }, ctx) => (await import("../../commands/validate.ts")).validate(instanceFlagsOf(options, entries), ctx),
});

export const verify = defineCommand({
  path: ["verify"],
  description: "check the Twilio credentials and sender with Twilio itself, before provisioning",
  options: { ...FILE_OPTION, ...INSTANCE_OPTIONS, ...TWILIO_URL_OPTIONS, ...TWILIO_API_KEY_OPTIONS },
  entryFlags: true,
  help: [EXAMPLES.verify],
  run: async ({ options: o, entries }, ctx) =>
    (await import("../../commands/verify.ts")).verify(
      { ...instanceFlagsOf(o, entries), twilioApiUrl: o.twilioApiUrl, twilioMessagingUrl: o.twilioMessagingUrl, apiKey: o.apiKey, apiSecret: o.apiSecret },
      ctx,
    ),
});

export const provision = defineCommand({
  path: ["provision"],
  description: "create the instance on the platform and store its token",
  options: {
    ...FILES_OPTION,
    ...INSTANCE_OPTIONS,
    ...PROVISION_TWILIO_OPTIONS,
    batch: { type: "string", flags: "--batch <file.ndjson|->", description: "provision every instance of an NDJSON file (one instance.json object a line), or - for standard input" },
    ...CONCURRENCY_OPTION,
    shard: { type: "string", flags: "--shard <i/n>", description: "provision only this deterministic share of the batch, e.g. --shard 2/4 in a CI matrix of 4 jobs" },
    ...MAX_RATE_OPTION,
    dryRun: { type: "boolean", flags: "--dry-run", description: "print the request that would be sent, secrets redacted, and send nothing" },
    ifExists: { type: "string", flags: "--if-exists <mode>", description: "when an instance of this element and name exists", choices: ["fail", "skip", "update", "create"], default: "fail" },
    showToken: { type: "boolean", flags: "--show-token", description: "print the new instance token (it is always stored)" },
    githubOutput: { type: "boolean", flags: "--github-output", description: "write the instance's id and name (a batch's ids and names) to $GITHUB_OUTPUT" },
  },
  entryFlags: true,
  help: [EXAMPLES.provision, BATCH_HELP],
  run: async ({ options: o, entries }, ctx, announce) => {
    const files = o.file;
    const single = files.length === 1 ? files[0] : undefined;
    return (await import("../../commands/provision.ts")).provision(
      {
        ...instanceFlagsOf({ ...o, file: single }, entries),
        files,
        batch: o.batch,
        concurrency: o.concurrency,
        shard: o.shard,
        verify: o.verify,
        testTo: o.testTo,
        testFrom: o.testFrom,
        wait: o.wait,
        waitTimeout: o.waitTimeout,
        twilioApiUrl: o.twilioApiUrl,
        twilioMessagingUrl: o.twilioMessagingUrl,
        dryRun: o.dryRun,
        ifExists: o.ifExists,
        showToken: o.showToken,
        githubOutput: o.githubOutput,
      },
      withMaxRate(ctx, o.maxRate),
      announce,
    );
  },
});
