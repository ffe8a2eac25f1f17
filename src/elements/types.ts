// The shape of an element definition: everything the CLI knows about one Open Connectors
// element lives in one data file of this shape. Validation, flags, prompts, help text and
// redaction all read it, so adding an element is adding a data file. (The emulator keeps its own
// description of each element, in src/emulator/catalog/, written from the platform's sources.)

/** How a value is checked. `patterns` are alternatives: the value must match one of them. */
export interface EntryValidation {
  patterns?: { regex: string; describes: string }[];
  /** Formats a regular expression cannot say well. */
  format?: "http-url";
  /** The only values allowed, when the entry is an enumeration. */
  oneOf?: string[];
}

/** One `configuration` entry of an instance, as the element expects it. */
export interface EntryDefinition {
  key: string;
  label: string;
  required: boolean;
  /** Secret values are redacted from every output, log and error, and masked in prompts. */
  secret: boolean;
  default?: string;
  validation: EntryValidation;
  /** Said after "Invalid <key> (<label>): " when validation fails. */
  invalidMessage: string;
  /** Long flag, with its leading dashes, e.g. `--account-sid`. */
  flag?: string;
  env?: string;
  prompt: string;
  /** An example value for prompts, `init` and help text (never a real secret). */
  example?: string;
  /**
   * The platform's own entry (its events, src/elements/event-entries.ts): accepted in files and with
   * --config, redacted when secret, never asked for; the platform's console hides it.
   */
  platformOwned?: boolean;
}

/** How a message is sent through an instance of this element. */
export interface SendResource {
  /** Path below the API root, e.g. `/messages` or `/hubs/messaging/messages`. */
  path: string;
  /**
   * Where one sent message is read back (`send --wait`), `{sid}` standing for its SID. The
   * platform documents no such path for either element: it is data so it can change without code.
   */
  messagePath: string;
  /** The entry holding the default sender; absent when each message names its own (twiliov2). */
  senderEntry?: string;
  /** The entry holding the provider account id (Twilio's Account SID), as messages report it. */
  accountEntry: string;
  /** Body fields: recipient, text, and the sender field for each kind of sender. */
  fields: { to: string; body: string; from: string; messagingService: string };
  /** A sender matching this regex is a Messaging Service, sent as `fields.messagingService`. */
  messagingServicePattern: string;
}

export interface ElementDefinition {
  key: string;
  name: string;
  description: string;
  entries: EntryDefinition[];
  send: SendResource;
}
