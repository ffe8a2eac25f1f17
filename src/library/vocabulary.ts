// The library's words for a hint: its functions' option names (src/context.ts, Vocabulary), so a
// program is told `ifExists: "skip"`, never a flag it has no way to give.
import type { OptionName, Vocabulary } from "../context.ts";

const OPTION_NAMES: Record<OptionName, string> = {
  "if-exists": "ifExists",
  message: "message",
  template: "template",
  code: "code",
  timeout: "timeoutSeconds",
  retries: "retries",
  "base-url": "baseUrl",
  to: "to",
  instance: "instance",
  "user-secret": "userSecret",
  "org-secret": "orgSecret",
  file: "file",
};

const FUNCTIONS = { provision: "provision()", send: "send()", "instances list --remote": "listInstances({ remote: true })" } as const;

export const LIBRARY_WORDS: Vocabulary = {
  option: (name, value) => `${OPTION_NAMES[name]}${value === undefined ? "" : `: ${JSON.stringify(value)}`}`,
  again: (command, change) => `the same ${FUNCTIONS[command]} call${change ? ` with ${change}` : ""}`,
  command: (command) => FUNCTIONS[command],
  storeSecrets: () => "or pass the userSecret and orgSecret settings",
  giveSecret: (option) => `give ${OPTION_NAMES[option]} (or set the variable in env)`,
  token: (name) => `getToken(${JSON.stringify(name)})`,
  example: () => 'send({ to: "+15551234567", template: "SignIn" })',
};
