// What an instance is built from (every source the precedence rule names), and what a
// prompt could still ask for: the input and one output type of resolve.ts.
import type { ElementDefinition } from "../elements/index.ts";
import type { InstanceDocument } from "./document.ts";

export interface InstanceSources {
  document?: InstanceDocument;
  /** The flag's element key; else the document's; else `twilio`. */
  elementKey?: string;
  name?: string;
  tags?: string[];
  /** Entry flag values, by entry key (`--account-sid` under `messaging.sms.twilio.account`). */
  entryFlags: Record<string, string | undefined>;
  /** Raw `--config key=value` arguments. */
  config: string[];
  env: NodeJS.ProcessEnv;
  /** The caller has no flags (the library): a problem names the document and the environment only. */
  flagless?: boolean;
  /** Prompt answers by entry key (and `name`): used last. */
  answers?: Record<string, string>;
  /** The element's definition with the platform's metadata merged in, when known (src/elements/merge-configuration.ts). */
  element?: ElementDefinition;
}

/** A required value still missing that an interactive prompt could ask for. */
export interface PromptableValue {
  key: string;
  label: string;
  secret: boolean;
  prompt: string;
}
