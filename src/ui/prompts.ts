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

/** Asks a yes/no question. */
export async function askConfirm(message: string, defaultAnswer = false): Promise<boolean> {
  const prompts = await import("@inquirer/prompts");
  return guard(() => prompts.confirm({ message, default: defaultAnswer }));
}

/** Asks to pick one of `choices` with the arrow keys. */
export async function askSelect<T extends string>(message: string, choices: { value: T; name: string; description?: string }[]): Promise<T> {
  const prompts = await import("@inquirer/prompts");
  return guard(() => prompts.select({ message, choices }));
}

async function guard<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof Error && (error.name === "ExitPromptError" || error.name === "AbortPromptError")) throw new InterruptedError("Interrupted at a prompt; nothing was written.");
    throw error;
  }
}
