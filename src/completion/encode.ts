// Small helpers the shell generators share: quoting, a value source as one line of words, the
// `case` arms that say where values come from, and the start of the bash and zsh word loop.
import type { CompletionModel, CompletionOption, ValueSource } from "./model.ts";

/** A value source as `kind word...`, the form the bash and zsh scripts switch on. */
export function encodeSource(source: ValueSource | undefined): string {
  if (!source) return "";
  switch (source.kind) {
    case "words":
      return ["words", ...source.words].join(" ");
    case "assignments":
      return ["assign", ...source.words].join(" ");
    case "names":
      return `names ${source.of}`;
    default:
      return source.kind;
  }
}

/** `text` as one single-quoted shell word (bash, zsh and fish all read it the same way). */
export function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Every `case` label of an option: `path|name` for each of its names. */
export function optionLabels(path: string, option: CompletionOption): string {
  return option.names.map((name) => quote(`${path}|${name}`)).join("|");
}

/** All (path, option) pairs whose option takes a value; globals last, under the `*` path. */
export function valueOptions(model: CompletionModel): { path: string; option: CompletionOption }[] {
  const pairs: { path: string; option: CompletionOption }[] = [];
  for (const command of model.commands) for (const option of command.options) if (option.takesValue) pairs.push({ path: command.path.join(" "), option });
  for (const option of model.globals) if (option.takesValue) pairs.push({ path: "*", option });
  return pairs;
}

/**
 * The `case` arms of `_connector_option_values` and `_connector_argument_values`, one per option
 * that takes a value and per positional argument; `answer` turns an encoded source into what the
 * shell does with it (bash echoes it, zsh sets REPLY).
 */
export function valueSourceArms(model: CompletionModel, answer: (encoded: string) => string): { values: string[]; args: string[] } {
  const values = valueOptions(model).map(({ path, option }) => {
    const labels = path === "*" ? option.names.map((n) => `*${quote(`|${n}`)}`).join("|") : optionLabels(path, option);
    return `    ${labels}) ${answer(quote(encodeSource(option.values)))} ;;`;
  });
  const args = model.commands.flatMap((c) => c.args.map((source, index) => `    ${quote(`${c.path.join(" ")}|${index}`)}) ${answer(quote(encodeSource(source)))} ;;`));
  return { values, args };
}

/**
 * The start of each pass of the bash and zsh word loop, which both read the same way: the word
 * after an option that takes a value is that value (kept when the option is --profile, so that
 * `__complete` lists that profile's names), and `--profile=name` names the profile too. Each
 * script goes on with its own arms of the `case`.
 */
export const WORD_LOOP_START = `    if [[ -n $pending ]]; then
      [[ $pending == --profile ]] && profile="$word"
      pending=""
      continue
    fi
    case "$word" in
      --*=*) [[ \${word%%=*} == --profile ]] && profile="\${word#*=}" ;;`;
