// A small stand-in for Twilio's REST API on 127.0.0.1:0, for the preflight tests: basic auth
// checked against known accounts, the account resource (with its auth_token, as Twilio sends it),
// incoming numbers, short codes and Messaging Services, errors in Twilio's own shape.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeAccount {
  sid: string;
  token: string;
  status?: string;
  type?: string;
  numbers?: { phone_number: string; sms?: boolean }[];
  shortCodes?: string[];
  services?: string[];
}

export interface FakeTwilio {
  url: string;
  requests: { method: string; path: string; query: URLSearchParams; authorization?: string }[];
  close(): Promise<void>;
}

const error = (res: ServerResponse, status: number, code: number, message: string) => send(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function accountOf(req: IncomingMessage, accounts: FakeAccount[]): FakeAccount | undefined {
  const [scheme, encoded] = (req.headers.authorization ?? "").split(" ");
  if (scheme !== "Basic" || !encoded) return undefined;
  const [sid, token] = Buffer.from(encoded, "base64").toString().split(":");
  return accounts.find((a) => a.sid === sid && a.token === token);
}

function route(req: IncomingMessage, res: ServerResponse, url: URL, accounts: FakeAccount[]): void {
  const account = accountOf(req, accounts);
  if (!account) return error(res, 401, 20003, "Authenticate");
  const path = url.pathname;
  const service = /^\/v1\/Services\/(MG[0-9a-fA-F]{32})$/.exec(path)?.[1];
  if (service) {
    if (!account.services?.includes(service)) return error(res, 404, 20404, `The requested resource /Services/${service} was not found`);
    return send(res, 200, { sid: service, account_sid: account.sid, friendly_name: "Verification codes" });
  }
  const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})(\.json|\/IncomingPhoneNumbers\.json|\/SMS\/ShortCodes\.json)$/.exec(path);
  if (!match) return error(res, 404, 20404, `The requested resource ${path} was not found`);
  if (match[1] !== account.sid) return error(res, 404, 20404, `The requested resource ${path} was not found`);
  if (match[2] === ".json") {
    return send(res, 200, { sid: account.sid, friendly_name: "Acme", status: account.status ?? "active", type: account.type ?? "Full", auth_token: account.token });
  }
  if (match[2] === "/IncomingPhoneNumbers.json") {
    const wanted = url.searchParams.get("PhoneNumber");
    const numbers = (account.numbers ?? []).filter((n) => !wanted || n.phone_number === wanted);
    return send(res, 200, {
      incoming_phone_numbers: numbers.map((n) => ({ phone_number: n.phone_number, friendly_name: "Main line", capabilities: { sms: n.sms ?? true, voice: true, mms: false, fax: false } })),
    });
  }
  const wanted = url.searchParams.get("ShortCode");
  return send(res, 200, { short_codes: (account.shortCodes ?? []).filter((c) => !wanted || c === wanted).map((c) => ({ short_code: c })) });
}

/** Starts the fake on a free loopback port with these accounts. */
export async function startFakeTwilio(accounts: FakeAccount[]): Promise<FakeTwilio> {
  const requests: FakeTwilio["requests"] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push({ method: req.method ?? "", path: url.pathname, query: url.searchParams, authorization: req.headers.authorization });
    if (req.method !== "GET") return error(res, 405, 20004, "Method not allowed");
    route(req, res, url, accounts);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port with nothing listening on it (for "Twilio unreachable"). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
