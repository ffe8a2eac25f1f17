// Reading loosely typed values: environment variables and JSON values,
// where an empty string means "not set" (`FOO= connector ...`).

/** An environment value, or undefined when it is unset or empty. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/**
 * `record[key]` when `record` itself holds it: a key from a file or the command line (`toString`,
 * `constructor`, `__proto__`) must never read what every object inherits.
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** An empty record without a prototype: any key, `__proto__` included, is an ordinary key. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `CI` set to anything but empty, `false` or `0`: a CI run (no prompts, the store file for secrets). */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI?.toLowerCase();
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}
