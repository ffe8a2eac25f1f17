// The options every command takes, declared once: the program's own options, which commander
// hands to each subcommand too (help lists them under "Global Options").
import type { OptionDefs } from "../define-command.ts";

export const GLOBAL_OPTIONS = {
  profile: { type: "string", flags: "--profile <name>", description: "stored profile to use", env: "CONNECTOR_PROFILE", default: "default" },
  baseUrl: { type: "string", flags: "--base-url <url>", description: "platform API root, with /elements/api-v2", env: "CONNECTOR_BASE_URL" },
  json: { type: "boolean", flags: "--json", description: "print exactly one JSON document on stdout" },
  input: { type: "boolean", flags: "--no-input", description: "never prompt (also CONNECTOR_NO_INPUT=1, CI=true, or no TTY)" },
  timeout: { type: "string", flags: "--timeout <seconds>", description: "deadline for each HTTP request", env: "CONNECTOR_TIMEOUT", default: "30" },
  retries: { type: "string", flags: "--retries <n>", description: "retries of a failed request that is safe to repeat", env: "CONNECTOR_RETRIES", default: "3" },
  verbose: { type: "boolean", flags: "-v, --verbose", description: "log requests and responses to stderr, secrets redacted (also DEBUG=connector)" },
  color: { type: "boolean", flags: "--no-color", description: "no colour (also NO_COLOR)" },
} as const satisfies OptionDefs;
