// The only module that talks to the prompt library. Commands ask through these functions and
// only when ctx.interactive is true; a Ctrl-C at a prompt becomes InterruptedError (exit 130).
import { InterruptedError } from "../errors.ts";

export interface TextQuestion {
  message: string;
  secret?: boolean;
  default?: string;
  /** Returns an error message, or undefined when the answer is acceptable; checked as it is typed. */
  validate?: (value: string) => string | undefined;
}

/** Asks for one line of text, checking it as it is typed; a secret is masked. */
export async function askText(question: TextQuestion): Promise<string> {
  const { checkedInput } = await import("./checked-input.ts");
  const check = question.validate ?? (() => undefined);
  return guard(() => checkedInput({ message: question.message, default: question.default, mask: question.secret, check }));
}

/**
 * Asks a yes/no question: only y, yes, n or no (any case) are answers, anything else is shown as
 * wrong and asked again (a library confirm takes "maybe" as the default, which surprises).
 */
export async function askConfirm(message: string, defaultAnswer = false): Promise<boolean> {
  const answer = await askText({ message: `${message} (yes/no)`, default: defaultAnswer ? "yes" : "no", validate: (value) => (yesOrNo(value) === undefined ? "Answer yes or no." : undefined) });
  return yesOrNo(answer) === true;
}

/** true for y/yes, false for n/no (any case), undefined for anything else. */
export function yesOrNo(answer: string): boolean | undefined {
  if (/^y(es)?$/i.test(answer.trim())) return true;
  if (/^no?$/i.test(answer.trim())) return false;
  return undefined;
}

/** Asks to pick one of `choices` with the arrow keys. */
export async function askSelect<T extends string>(message: string, choices: { value: T; name: string; description?: string }[]): Promise<T> {
  const { default: select } = await import("@inquirer/select");
  return guard(() => select({ message, choices }));
}

async function guard<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof Error && (error.name === "ExitPromptError" || error.name === "AbortPromptError")) throw new InterruptedError("Interrupted at a prompt; nothing was written.");
    throw error;
  }
}
