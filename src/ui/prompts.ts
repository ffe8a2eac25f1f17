// The only module that talks to the prompt library. Commands ask through these functions and
// only when ctx.interactive is true; a Ctrl-C at a prompt becomes InterruptedError (exit 130).
// The questions go to ctx.prompter when the context has one (a test's script), else to the terminal.
import type { Context, Prompter } from "../context.ts";
import { InterruptedError } from "../errors.ts";

/** What asking needs from the context: who answers. */
export type Asking = Pick<Context, "prompter">;

export interface TextQuestion {
  message: string;
  secret?: boolean;
  default?: string;
  /** Returns an error message, or undefined when the answer is acceptable; checked as it is typed. */
  validate?: (value: string) => string | undefined;
}

/** The terminal's prompts, each loaded only when a question is asked. */
const TERMINAL: Prompter = {
  text: async (question) => (await import("./checked-input.ts")).checkedInput(question),
  select: async (question) => (await import("@inquirer/select")).default(question),
};

/** Asks for one line of text, checking it as it is typed; a secret is masked. */
export async function askText(ctx: Asking, question: TextQuestion): Promise<string> {
  const check = question.validate ?? (() => undefined);
  return guard(() => (ctx.prompter ?? TERMINAL).text({ message: question.message, default: question.default, mask: question.secret, check }));
}

/**
 * Asks a yes/no question: only y, yes, n or no (any case) are answers, anything else is shown as
 * wrong and asked again (a library confirm takes "maybe" as the default, which surprises).
 */
export async function askConfirm(ctx: Asking, message: string, defaultAnswer = false): Promise<boolean> {
  const answer = await askText(ctx, {
    message: `${message} (yes/no)`,
    default: defaultAnswer ? "yes" : "no",
    validate: (value) => (yesOrNo(value) === undefined ? "Answer yes or no." : undefined),
  });
  return yesOrNo(answer) === true;
}

/** true for y/yes, false for n/no (any case), undefined for anything else. */
function yesOrNo(answer: string): boolean | undefined {
  if (/^y(es)?$/i.test(answer.trim())) return true;
  if (/^no?$/i.test(answer.trim())) return false;
  return undefined;
}

/** Asks to pick one of `choices` with the arrow keys. */
export async function askSelect<T extends string>(ctx: Asking, message: string, choices: { value: T; name: string; description?: string }[]): Promise<T> {
  return guard(() => (ctx.prompter ?? TERMINAL).select({ message, choices }));
}

async function guard<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof Error && (error.name === "ExitPromptError" || error.name === "AbortPromptError")) throw new InterruptedError("Interrupted at a prompt; nothing was written.");
    throw error;
  }
}
