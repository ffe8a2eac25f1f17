// A one-line prompt that checks the answer as it is typed: a line under the input says whether
// it looks right or what is expected, before Enter is pressed. Masks secrets. Loaded only by
// src/ui/prompts.ts, the facade commands use.
import { createPrompt, isBackspaceKey, isEnterKey, isTabKey, makeTheme, useKeypress, usePrefix, useState, type Status } from "@inquirer/core";

export interface CheckedInputConfig {
  message: string;
  default?: string;
  /** Show `*` for each character typed, and never echo the answer. */
  mask?: boolean;
  /** An error message for a wrong answer, or undefined for an acceptable one (may be ""). */
  check: (value: string) => string | undefined;
}

/** The prompt: Tab takes the default, Enter submits a checked answer, Ctrl-C rejects (ExitPromptError). */
export const checkedInput = createPrompt<string, CheckedInputConfig>((config, done) => {
  const theme = makeTheme({});
  const [status, setStatus] = useState<Status>("idle");
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  const [defaultValue, setDefaultValue] = useState<string | undefined>(config.default);
  const prefix = usePrefix({ status, theme });

  useKeypress((key, rl) => {
    if (status !== "idle") return;
    if (isEnterKey(key)) {
      const answer = (value || defaultValue || "").trim();
      const problem = config.check(answer);
      if (problem === undefined) {
        setValue(answer);
        setStatus("done");
        done(answer);
      } else {
        rl.write(value); // readline cleared the line on Enter: give the answer back to fix it
        setError(problem);
      }
      return;
    }
    if (isTabKey(key) && !value && defaultValue) {
      rl.clearLine(0);
      rl.write(defaultValue);
      setValue(defaultValue);
      return;
    }
    if (isBackspaceKey(key) && !value) setDefaultValue(undefined);
    setValue(rl.line);
    setError(undefined);
  });

  const message = theme.style.message(config.message, status);
  const shown = config.mask ? "*".repeat(value.length) : value;
  if (status === "done") return `${prefix} ${message} ${theme.style.answer(config.mask ? (value ? "********" : "") : value)}`;
  const hint = defaultValue && !value ? theme.style.defaultAnswer(defaultValue) : undefined;
  let below = "";
  if (error) below = theme.style.error(error);
  else if (value) {
    const problem = config.check(value.trim());
    below = theme.style.help(problem === undefined ? "✔ looks right; Enter to accept" : `✖ ${problem}`);
  }
  return [[prefix, message, hint, shown].filter((part) => part !== undefined).join(" "), below];
});
