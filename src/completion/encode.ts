// Small helpers the shell generators share: quoting, and a value source as one line of words.
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
