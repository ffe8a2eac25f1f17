// The platform secrets as they may be sent: they travel in the Authorization header, which
// carries Latin-1 text on one line, and they must be long enough for the output to mask them
// (src/secrets.ts). One trailing newline (`echo secret > file`, a pasted line) is dropped;
// anything else is refused here, naming where the value came from, before any request.
import { ConfigError, type Problem } from "../errors.ts";
import { MIN_SECRET_LENGTH, registerSecret } from "../secrets.ts";

/** The value with one trailing newline dropped, or a problem saying why it cannot be sent. */
export function checkPlatformSecret(raw: string, key: string, from: string): { value: string } | { problem: Problem } {
  const value = raw.replace(/\r?\n$/, "");
  registerSecret(value);
  const why = /[\r\n]/.test(value)
    ? "holds a line break"
    : /[^\u0020-\u007e\u00a0-\u00ff]/.test(value)
      ? "holds a character that cannot go in an HTTP header (a control character, or one outside Latin-1: was it pasted from a rich-text page?)"
      : value.length < MIN_SECRET_LENGTH
        ? `is shorter than ${MIN_SECRET_LENGTH} characters, which no platform secret is`
        : undefined;
  if (why === undefined) return { value };
  return { problem: { key, problem: "invalid", message: `Invalid ${from}: the value ${why}. Copy it again from the platform's console.`, ...(from.startsWith("CONNECTOR_") ? { env: from } : {}) } };
}

/** Checks both secrets (from `from` each) and throws exit 3 naming every bad one. */
export function requireSendableSecrets(values: { userSecret: string; orgSecret: string }, from: { userSecret: string; orgSecret: string }): { userSecret: string; orgSecret: string } {
  const user = checkPlatformSecret(values.userSecret, "userSecret", from.userSecret);
  const org = checkPlatformSecret(values.orgSecret, "orgSecret", from.orgSecret);
  const problems = [user, org].flatMap((checked) => ("problem" in checked ? [checked.problem] : []));
  if (problems.length || !("value" in user) || !("value" in org)) throw new ConfigError("A platform secret cannot be sent as it is; nothing was sent.", problems);
  return { userSecret: user.value, orgSecret: org.value };
}
