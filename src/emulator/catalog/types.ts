// The shape of the emulator's own description of an element: what the platform shows of it
// (`GET /elements/{keyOrId}` and its `/configuration`), plus the few facts the emulator needs to
// play it (which entries are Twilio's account and sender, what a value must look like). Written
// from the platform's sources, never from the client's element definitions, so the two can disagree.

/** A configuration entry exactly as the platform lists it. */
export interface ConfigurationEntry {
  id: number;
  key: string;
  name: string;
  description: string;
  /** Always a string on the platform ("" when there is none). */
  defaultValue: string;
  /** TEXTFIELD_32, TEXTFIELD_128, TEXTFIELD_1000, PASSWORD, TEXTAREA, BOOLEAN, ... */
  type: string;
  required: boolean;
  /** The platform's own entry: never shown in the console, never asked of the user. */
  hideFromConsole: boolean;
  internal: boolean;
  displayOrder: number;
}

/** How the emulator judges a value of one entry: its own rule, not the client's. */
export interface ValueRule {
  pattern: RegExp;
  /** Said in the 400 when a value does not match, e.g. "expected AC followed by 32 hexadecimal digits". */
  expects: string;
}

/** One entry of an emulated element: the platform's JSON and the emulator's rule for its values. */
export interface EmulatedEntry extends ConfigurationEntry {
  rule?: ValueRule;
}

/** An element as the emulator plays it. */
export interface EmulatedElement {
  id: number;
  key: string;
  name: string;
  description: string;
  hub: string;
  /** The element's `authentication` object as its JSON shows it. */
  authentication: Record<string, unknown>;
  configuration: EmulatedEntry[];
  /** Where a message sent through an instance finds Twilio's account and the default sender. */
  messages: { accountEntry: string; senderEntry?: string };
}
