// The layers a value can come from (flag, --config, environment, file, default, prompt
// answer) and picking the first that holds one. Values are trimmed of surrounding
// whitespace (a token pasted with a trailing newline still works), and a value that is
// empty after trimming counts as not given, so nothing is ever sent empty.
import type { Problem } from "../errors.ts";
import { registerSecret } from "../secrets.ts";
import { expandReferences } from "./expand.ts";

/** One place a value may come from; `from` names it in messages (`--auth-token`, `TWILIO_AUTH_TOKEN`, `the file`). */
export interface Candidate {
  raw: string | undefined;
  from: string;
  /** File values: expand `${NAME}` references from the environment first. */
  expand?: boolean;
}

export interface Picked {
  value?: string;
  from?: string;
  /** Variables the file referred to that are unset, when the file's value could not be used. */
  unset: string[];
}

/** The first candidate holding a non-empty value. Every value of a secret is registered, used or not (never a `${NAME}` text). */
export function pickValue(candidates: Candidate[], env: NodeJS.ProcessEnv, secret: boolean): Picked {
  let picked: Picked = { unset: [] };
  for (const candidate of candidates) {
    if (candidate.raw === undefined) continue;
    let raw: string | undefined = candidate.raw;
    if (candidate.expand) {
      const expansion = expandReferences(raw, env, secret);
      if (picked.value === undefined && picked.unset.length === 0) picked.unset = expansion.unset;
      raw = expansion.value;
    }
    const value = raw?.trim();
    if (value === undefined || value === "") continue;
    if (secret) registerSecret(value);
    if (picked.value === undefined) picked = { ...picked, value, from: candidate.from };
  }
  return picked;
}

/** Parses repeated `--config key=value` arguments (the last of a key wins); malformed ones become problems. */
export function parseConfigFlags(args: string[]): { values: Map<string, string>; problems: Problem[] } {
  const values = new Map<string, string>();
  const problems: Problem[] = [];
  args.forEach((arg, index) => {
    const equals = arg.indexOf("=");
    const key = equals > 0 ? arg.slice(0, equals).trim() : "";
    if (key === "") {
      // The argument is not quoted: it may be a secret typed without its key.
      const message = `Invalid --config argument ${index + 1}: expected key=value, such as --config messaging.sms.twilio.sender=+15005550006.`;
      problems.push({ key: "config", problem: "invalid", message, flag: "--config" });
      return;
    }
    values.delete(key);
    values.set(key, arg.slice(equals + 1));
  });
  return { values, problems };
}

/** Entry keys whose values look secret though the element does not declare them (`...password`, `...apiKey`). */
export function looksSecret(key: string): boolean {
  return /(token|secret|password|passwd|api[._-]?key|private)/i.test(key);
}
