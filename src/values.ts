// Reading loosely typed values: commander's options (unknown) and environment variables,
// where an empty string means "not set" (`FOO= connector ...`).

/** `value` when it is a string, else undefined. */
export function stringOption(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** An environment value, or undefined when it is unset or empty. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
