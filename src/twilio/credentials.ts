// Which credentials the CLI's own Twilio calls use. The instance always keeps the Auth Token (the
// `twilio` element has no API-key entry), but `verify` may ask Twilio with an API key instead:
// `--api-key`/`TWILIO_API_KEY` (SK + 32 hex) and its secret from `TWILIO_API_SECRET` or a masked
// prompt, never the command line. Either way it is HTTP Basic auth, the Account SID in the path.
import type { Context } from "../context.ts";
import { ConfigError, UsageError } from "../errors.ts";
import { registerSecret } from "../secrets.ts";
import { askText } from "../ui/prompts.ts";

export const API_KEY_SID = /^SK[0-9a-fA-F]{32}$/;

/** Twilio credentials for one account: its Auth Token, or an API key of it. */
export type TwilioCredential = { kind: "auth-token"; accountSid: string; user: string; secret: string } | { kind: "api-key"; accountSid: string; user: string; secret: string };

export interface ApiKeyFlags {
  /** `--api-key <SK...>`. */
  apiKey?: string;
  /** `--api-secret`: declared only to be refused, since a secret on the command line leaks. */
  apiSecret?: string;
}

/** The API key SID asked for (flag, then environment), or undefined for the Auth Token. */
export function requestedApiKey(flags: ApiKeyFlags, env: NodeJS.ProcessEnv): string | undefined {
  if (flags.apiSecret !== undefined) {
    throw new UsageError(
      "--api-secret is not taken: it would put a secret in your shell history and the process list.",
      "Set TWILIO_API_SECRET instead, or leave it unset at a terminal to be asked for it.",
    );
  }
  const sid = flags.apiKey ?? env.TWILIO_API_KEY;
  return sid === undefined || sid.trim() === "" ? undefined : sid.trim();
}

/** The credential for `accountSid`: the API key when one is asked for (its secret read or prompted), else the Auth Token. */
export async function resolveTwilioCredential(values: { accountSid: string; authToken: string }, flags: ApiKeyFlags, ctx: Context): Promise<TwilioCredential> {
  const keySid = requestedApiKey(flags, ctx.env);
  if (keySid === undefined) return { kind: "auth-token", accountSid: values.accountSid, user: values.accountSid, secret: registerSecret(values.authToken) };
  const from = flags.apiKey !== undefined ? "--api-key" : "TWILIO_API_KEY";
  if (!API_KEY_SID.test(keySid)) {
    throw new ConfigError(`${from} is not an API key SID; nothing was sent to Twilio.`, [
      { key: "twilio.apiKey", problem: "invalid", message: `${from} must be SK followed by 32 hexadecimal digits (the key's SID, not its secret).`, flag: "--api-key", env: "TWILIO_API_KEY" },
    ]);
  }
  const secret = await readApiSecret(keySid, ctx);
  return { kind: "api-key", accountSid: values.accountSid, user: keySid, secret: registerSecret(secret) };
}

async function readApiSecret(keySid: string, ctx: Context): Promise<string> {
  const fromEnv = ctx.env.TWILIO_API_SECRET;
  if (fromEnv !== undefined && fromEnv.trim() !== "") return registerSecret(fromEnv.trim());
  if (!ctx.interactive) {
    throw new ConfigError(`Missing the secret of API key ${keySid}; nothing was sent to Twilio.`, [
      { key: "twilio.apiSecret", problem: "missing", message: "Missing the API key's secret: set TWILIO_API_SECRET (it is never taken from the command line).", env: "TWILIO_API_SECRET" },
    ]);
  }
  return askText(ctx, { message: `Secret of Twilio API key ${keySid}`, secret: true, validate: (value) => (value.trim() === "" ? "The secret is empty." : undefined) });
}
