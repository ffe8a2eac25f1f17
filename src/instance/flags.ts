// What the command line contributes to an instance body: the input type of building and
// validating (resolve.ts), kept with the layer that uses it. The parser (src/cli/) fills it.

export interface InstanceFlags {
  file?: string;
  /** True when `file` is ./instance.json, read because no --file was given (withDefaultFile). */
  fileDefaulted?: boolean;
  element?: string;
  name?: string;
  /** `--tag` values; undefined when none was given (the file's tags then stand). */
  tag?: string[];
  /** `--config key=value` values; undefined when none was given. */
  config?: string[];
  /** The instance document's text given as data (the library's), read instead of `file`; `source` names it in problems. */
  document?: { text: string; source: string };
  /** No flags can be given (the library): problems never name one. */
  flagless?: boolean;
  /** Entry flag values by entry key. */
  entries: Record<string, string | undefined>;
}
