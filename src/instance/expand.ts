// `${NAME}` references in instance.json values, so a committed file can name the secrets
// CI provides instead of holding them. An unset or empty variable is reported, never
// replaced by an empty string: a value is never sent empty.

import { registerSecret, SECRET_VARIABLES } from "../secrets.ts";

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface Expansion {
  /** The value with every reference replaced; undefined when any variable is unset. */
  value?: string;
  /** The variables referred to but unset or empty, in order, without repeats. */
  unset: string[];
}

/**
 * Replaces each `${NAME}` (the whole value or embedded in it) by the variable from `env`. The value
 * of a secret variable, and of every variable a `secret` entry refers to, is registered: the text
 * around it may be shown (a name, a tag), never the secret.
 */
export function expandReferences(value: string, env: NodeJS.ProcessEnv, secret = false): Expansion {
  const unset: string[] = [];
  const expanded = value.replace(REFERENCE, (_match, name: string) => {
    const replacement = Object.hasOwn(env, name) ? env[name] : undefined; // never `${__proto__}` from Object.prototype
    if (replacement === undefined || replacement === "") {
      if (!unset.includes(name)) unset.push(name);
      return "";
    }
    if (secret || SECRET_VARIABLES.includes(name)) registerSecret(replacement);
    return replacement;
  });
  return unset.length > 0 ? { unset } : { value: expanded, unset };
}

/** "${A}" or "${A} and ${B}": the unset variables, as a user would write them. */
export function listReferences(names: string[]): string {
  const written = names.map((name) => `\${${name}}`);
  return written.length <= 1 ? (written[0] ?? "") : `${written.slice(0, -1).join(", ")} and ${written.at(-1) ?? ""}`;
}
