// The CLI's words for a hint: its flags and commands (src/context.ts, Vocabulary).
import type { OptionName, Vocabulary } from "../context.ts";
import { shellQuote } from "../ui/shell-quote.ts";

export const CLI_WORDS: Vocabulary = {
  option: (name: OptionName, value?: string) => `--${name}${value === undefined ? "" : ` ${value}`}`,
  again: (command, change) => `the same connector ${command} command${change ? ` with ${change}` : ""}`,
  command: (command) => `connector ${command}`,
  giveSecret: () => "set it",
  storeSecrets: () => "or run `connector login` to store the right secrets",
  token: (name) => `connector token ${shellQuote(name)}`,
  example: () => "connector send --to +15551234567 --template SignIn",
};
