// The message a `send` will post, as data: which body fields, which sender field. Pure.
import { UsageError } from "../errors.ts";
import type { ElementDefinition } from "../elements/index.ts";
import type { Vocabulary } from "../context.ts";

const E164 = /^\+[1-9]\d{1,14}$/;

/** Checks `--to` (named by `words` when given); a number that only lacks its `+` gets a suggestion, never a silent fix. */
export function checkRecipient(to: string, words?: Vocabulary): string {
  const named = (value: string) => (words ? words.option("to", value) : `--to ${value}`);
  const trimmed = to.trim();
  if (E164.test(trimmed)) return trimmed;
  const digits = trimmed.replace(/[\s().-]/g, "");
  const suggestion = /^00[1-9]\d{1,14}$/.test(digits) ? `+${digits.slice(2)}` : /^[1-9]\d{1,14}$/.test(digits) ? `+${digits}` : /^\+[1-9]\d{1,14}$/.test(digits) ? digits : undefined;
  throw new UsageError(
    `${named(to)} is not an E.164 phone number.`,
    suggestion ? `Did you mean ${named(suggestion)}? E.164 is + then the country code and number, no spaces.` : `Write it as + then the country code and number, e.g. ${named("+15551234567")}.`,
  );
}

/** The body of the send request: recipient, text, and `From` or `MessagingServiceSid` by the sender's form. */
export function planMessageBody(element: ElementDefinition, to: string, text: string, sender: string | undefined): Record<string, string> {
  const { fields, messagingServicePattern } = element.send;
  const body: Record<string, string> = { [fields.to]: to, [fields.body]: text };
  if (sender) body[new RegExp(messagingServicePattern).test(sender) ? fields.messagingService : fields.from] = sender;
  return body;
}
