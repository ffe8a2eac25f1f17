// A scripted person at the terminal, for running commands in-process through the prompt facade's
// seam (Context.prompter): each question is answered by its wording, never by its place in the
// order; a typed answer goes through the question's own check as the terminal's Enter does, and
// a refused one is followed by the next answer for that question. The transcript (`asked`) lets
// a test assert which questions came, in what order, how (masked or not), and what was refused.
import type { Prompter } from "../../src/context.ts";

/** Enter on a line left as it is: the question's default (a select: the first choice). */
export const ENTER: unique symbol = Symbol("Enter");

/** What is typed: the whole line at Enter ("" is a line emptied of its default), or ENTER. */
export type Answer = string | typeof ENTER;

/** Each question, by its exact wording or a pattern, with what is typed each time it is asked (or asked again after a refusal). */
export type Script = [question: string | RegExp, ...answers: Answer[]][];

export interface Asked {
  kind: "text" | "select";
  message: string;
  masked: boolean;
  /** The names of a select's choices, in the order shown. */
  choices?: string[];
  /** Each answer given, with the problem shown when the question's check refused it. */
  answers: { answer: string; refused?: string }[];
}

export interface ScriptedPrompter extends Prompter {
  /** The questions asked so far, in order. */
  asked: Asked[];
}

/** A Prompter that plays `script`; a question the script does not expect fails the run, naming it. */
export function scriptedPrompter(script: Script): ScriptedPrompter {
  const lines = script.map(([question, ...answers]) => ({ question, answers }));
  const asked: Asked[] = [];
  const nextAnswer = (message: string): Answer => {
    const line = lines.find(({ question }) => (typeof question === "string" ? question === message : question.test(message)));
    if (!line) throw new Error(`The script has no answer for the question "${message}".`);
    const answer = line.answers.shift();
    if (answer === undefined) throw new Error(`The script has no answer left for the question "${message}".`);
    return answer;
  };
  return {
    asked,
    async text({ message, default: defaultAnswer, mask, check }) {
      const record: Asked = { kind: "text", message, masked: mask === true, answers: [] };
      asked.push(record);
      for (;;) {
        const typed = nextAnswer(message);
        const answer = (typed === ENTER ? (defaultAnswer ?? "") : typed).trim();
        const refused = check(answer);
        record.answers.push({ answer, refused });
        if (refused === undefined) return answer;
      }
    },
    async select({ message, choices }) {
      asked.push({ kind: "select", message, masked: false, choices: choices.map((choice) => choice.name), answers: [] });
      const typed = nextAnswer(message);
      const choice = typed === ENTER ? choices[0] : choices.find(({ name }) => name === typed);
      if (!choice) throw new Error(`The question "${message}" has no choice "${String(typed)}"; it offers ${choices.map(({ name }) => `"${name}"`).join(", ")}.`);
      asked.at(-1)?.answers.push({ answer: choice.name });
      return choice.value;
    },
  };
}
