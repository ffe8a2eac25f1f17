// The Twilio account the emulator knows: the demo values its start-up line suggests (Account SID,
// Auth Token, the sender +15005550006 its message routes take as Twilio's magic From), with the
// numbers, short code, Messaging Service and API keys that `connector verify` looks up. These are
// the emulator's own inventions, not anyone's account; any other account is refused as Twilio
// refuses one it does not know (401, code 20003).

export interface SeededNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  sms: boolean;
}

export interface SeededApiKey {
  sid: string;
  secret: string;
  /** Twilio's key types: a Standard key may not read the Accounts resource; a Main key may. */
  kind: "standard" | "main";
  friendlyName: string;
}

export interface SeededAccount {
  sid: string;
  authToken: string;
  friendlyName: string;
  type: "Full" | "Trial";
  status: "active" | "suspended" | "closed";
  numbers: SeededNumber[];
  shortCodes: { sid: string; shortCode: string }[];
  services: { sid: string; friendlyName: string }[];
  apiKeys: SeededApiKey[];
}

export const SEEDED_ACCOUNT: SeededAccount = {
  sid: "AC0123456789abcdef0123456789abcdef",
  authToken: "5f4dcc3b5aa765d61d8327deb882cf99",
  friendlyName: "Acme",
  type: "Full",
  status: "active",
  numbers: [
    { sid: "PN0123456789abcdef0123456789abcd01", phoneNumber: "+15551230000", friendlyName: "Main line", sms: true },
    { sid: "PN0123456789abcdef0123456789abcd02", phoneNumber: "+15005550006", friendlyName: "Twilio test number", sms: true },
    { sid: "PN0123456789abcdef0123456789abcd03", phoneNumber: "+15551230009", friendlyName: "Voice line", sms: false },
  ],
  shortCodes: [{ sid: "SC0123456789abcdef0123456789abcd01", shortCode: "55123" }],
  services: [{ sid: "MG0123456789abcdef0123456789abcdef", friendlyName: "Acme notifications" }],
  apiKeys: [
    { sid: "SK0123456789abcdef0123456789abcdef", secret: "emulatorStandardKeySecret0123456", kind: "standard", friendlyName: "CI (standard)" },
    { sid: "SKfedcba9876543210fedcba9876543210", secret: "emulatorMainKeySecret01234567890", kind: "main", friendlyName: "Admin (main)" },
  ],
};

/** Who a Basic `user:password` pair is in the seeded account: its Auth Token, one of its keys, or nobody. */
export type TwilioCaller = { account: SeededAccount; kind: "auth-token" } | { account: SeededAccount; kind: "api-key"; key: SeededApiKey };

/** The caller a Basic Authorization header names, or undefined (missing, malformed or unknown). */
export function identifyCaller(header: string | undefined, accounts: readonly SeededAccount[] = [SEEDED_ACCOUNT]): TwilioCaller | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  for (const account of accounts) {
    if (user === account.sid && password === account.authToken) return { account, kind: "auth-token" };
    const key = account.apiKeys.find((candidate) => candidate.sid === user && candidate.secret === password);
    if (key) return { account, kind: "api-key", key };
  }
  return undefined;
}
