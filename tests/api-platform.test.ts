// The typed platform calls against real node:http servers on 127.0.0.1:0: the Authorization
// formats, paging, a 404 of the collection read as "none", Twilio's refusals and a debug log free of secrets.
import http from "node:http";
import { describe, expect, it } from "vitest";
import { createPlatformClient, type PlatformInstance } from "../src/api/platform.ts";
import { ApiError, ProviderError, exitCodeOf } from "../src/errors.ts";
import { redact } from "../src/secrets.ts";
import { failureOf, json as sendJson, useTestServers } from "./helpers/http-server.ts";

const USER = "user-secret-abcdef";
const ORG = "org-secret-123456";
const TOKEN = "instance-token-zyxwvu=";
const { startServer, afterThisTest } = useTestServers();

/** The platform's answers carry a request id; the error and debug-log tests read it back. */
function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJson(res, status, body, { "Elements-Request-Id": "rid-1", ...headers });
}

function platform(base: string, debug?: (line: string) => void) {
  const made = createPlatformClient({ baseUrl: base, timeoutMs: 5_000, userAgent: "connector/1.2.3", retryBaseMs: 1, debug, credentials: { userSecret: USER, orgSecret: ORG } });
  afterThisTest(() => made.close());
  return made;
}

const instance = (id: number, name = `i${id}`): PlatformInstance => ({ id, name, token: `${TOKEN}${id}`, element: { id: 1, key: "twilio" } });

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("Authorization", () => {
  it("platform calls send `User <u>, Organization <o>` and the common headers", async () => {
    const { base, seen } = await startServer((_, res) => json(res, 200, instance(5)));
    await platform(base).getInstance(5);
    expect(seen[0]?.headers).toMatchObject({ authorization: `User ${USER}, Organization ${ORG}`, accept: "application/json", "user-agent": "connector/1.2.3" });
    expect(seen[0]?.parsed.pathname).toBe("/elements/api-v2/instances/5");
  });

  it("instance calls add `, Element <token>`, and POST the message as JSON", async () => {
    const { base, seen } = await startServer((_, res) => json(res, 200, { sid: "SM123", status: "queued", to: "+15005550006" }));
    const message = await platform(base).sendMessage(TOKEN, "/messages", { To: "+15005550006", Body: "hi" });
    expect(message).toMatchObject({ sid: "SM123", status: "queued" });
    expect(seen[0]?.headers.authorization).toBe(`User ${USER}, Organization ${ORG}, Element ${TOKEN}`);
    expect(seen[0]?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({ To: "+15005550006", Body: "hi" });
  });

  it("authorization() gives the header for --dry-run", () => {
    expect(platform("http://127.0.0.1:1").authorization("tok-123456")).toBe(`User ${USER}, Organization ${ORG}, Element tok-123456`);
  });
});

describe("instances", () => {
  it("createInstance POSTs the body and registers the returned token as secret", async () => {
    const token = "fresh-token-0123456789";
    const { base, seen } = await startServer((_, res) => json(res, 200, { ...instance(42, "acme-sms"), token }));
    const body = { element: { key: "twilio" }, name: "acme-sms", tags: ["prod"], configuration: { "messaging.sms.twilio.protocol": "sms" } };
    const created = await platform(base).createInstance(body);
    expect(seen[0]?.method).toBe("POST");
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual(body);
    expect(created).toMatchObject({ id: 42, name: "acme-sms", token, element: { key: "twilio" } });
    expect(redact(`token is ${token}`)).toBe("token is ********");
  });

  it("listInstances follows Elements-Next-Page-Token and passes tags[], searchText and pageSize", async () => {
    const { base, seen } = await startServer((req, res) => {
      const page = req.parsed.searchParams.get("nextPage");
      if (page === null) json(res, 200, [instance(1), instance(2)], { "Elements-Next-Page-Token": "p2" });
      else if (page === "p2") json(res, 200, [instance(3)], { "Elements-Next-Page-Token": "" });
      else json(res, 500, { message: "unknown page" });
    });
    const found = await collect(platform(base).listInstances({ tags: ["prod", "sms"], searchText: "acme", pageSize: 2 }));
    expect(found.map((i) => i.id)).toEqual([1, 2, 3]);
    expect(seen).toHaveLength(2);
    expect(seen[0]?.parsed.searchParams.getAll("tags[]")).toEqual(["prod", "sms"]);
    expect(seen[0]?.parsed.searchParams.get("searchText")).toBe("acme");
    expect(seen[0]?.parsed.searchParams.get("pageSize")).toBe("2");
    expect(seen[1]?.parsed.searchParams.get("nextPage")).toBe("p2");
  });

  it.each(["No instances found", "No instance found matching the search", "Keine Instanzen gefunden", ""])(
    "a 404 of the collection in the platform's error shape is an empty list, whatever its words (%j)",
    async (message) => {
      const { base } = await startServer((_, res) => json(res, 404, { requestId: "r", message }));
      expect(await collect(platform(base).listInstances({ searchText: "acme", tags: ["prod"] }))).toEqual([]);
    },
  );

  it.each([
    ["the platform's none-found shape", (res: http.ServerResponse) => json(res, 404, { requestId: "r", message: "No instances found" })],
    ["a gateway's page", (res: http.ServerResponse) => (res.writeHead(404, { "Content-Type": "text/html" }), res.end("<html>Not Found</html>"))],
  ])("a 404 on a later page (%s) is an error naming the page (exit 5), not the end of the list", async (_, notFound) => {
    const { base } = await startServer((req, res) => (req.parsed.searchParams.get("nextPage") === null ? json(res, 200, [instance(1)], { "Elements-Next-Page-Token": "p2" }) : notFound(res)));
    const seen: number[] = [];
    const error = (await failureOf(
      (async () => {
        for await (const item of platform(base).listInstances()) seen.push(item.id);
      })(),
    )) as ApiError;
    expect(seen).toEqual([1]);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("api");
    expect(exitCodeOf(error)).toBe(5);
    expect(error.message).toContain("page 2");
    expect(error.message).toContain("did not complete");
  });

  it("a 404 page that is not the platform's (HTML from a wrong --base-url) on the collection stays not_found", async () => {
    const { base } = await startServer((_, res) => (res.writeHead(404, { "Content-Type": "text/html" }), res.end("<html>Not Found</html>")));
    const error = (await failureOf(collect(platform(base).listInstances()))) as ApiError;
    expect(error.code).toBe("not_found");
    expect(error.hint).toContain("--base-url");
  });

  it("a 404 on /instances/{id} stays not_found, even worded like an empty list", async () => {
    const { base } = await startServer((_, res) => json(res, 404, { requestId: "r", message: "No instances found" }));
    const error = (await failureOf(platform(base).getInstance(7))) as ApiError;
    expect(error.code).toBe("not_found");
  });

  it("an answer that is not the platform's (HTML from a wrong --base-url) is an api error pointing at --base-url", async () => {
    const { base } = await startServer((_, res) => (res.writeHead(200, { "Content-Type": "text/html" }), res.end("<html>welcome</html>")));
    const error = (await failureOf(platform(base).getInstance(1))) as ApiError;
    expect(error.code).toBe("api");
    expect(error.hint).toContain("--base-url");
  });

  it("deleteInstance sends DELETE /instances/{id}", async () => {
    const { base, seen } = await startServer((_, res) => (res.writeHead(200), res.end()));
    await platform(base).deleteInstance(9);
    expect(`${seen[0]?.method} ${seen[0]?.parsed.pathname}`).toBe("DELETE /elements/api-v2/instances/9");
  });
});

describe("Twilio's refusals", () => {
  const twilio = { code: 21211, message: "The 'To' number +15005550001 is not a valid phone number.", more_info: "https://www.twilio.com/docs/errors/21211", status: 400 };
  const forms: [string, unknown][] = [
    ["a JSON string", JSON.stringify(twilio)],
    ["an object", twilio],
  ];
  for (const [form, providerMessage] of forms) {
    it(`providerMessage as ${form} makes sendMessage fail with ProviderError, Twilio's code and a hint (exit 7)`, async () => {
      const { base } = await startServer((_, res) => json(res, 400, { requestId: "rq-7", message: "Bad Request", providerMessage }));
      const error = await failureOf(platform(base).sendMessage(TOKEN, "/messages", { To: "+15005550001", Body: "x" }));
      expect(error).toBeInstanceOf(ProviderError);
      const provider = error as ProviderError;
      expect(provider.twilioCode).toBe(21211);
      expect(provider.requestId).toBe("rid-1");
      expect(provider.moreInfo).toBe("https://www.twilio.com/docs/errors/21211");
      expect(provider.message).toContain("is not a valid phone number");
      expect(provider.hint).toContain("E.164");
      expect(exitCodeOf(provider)).toBe(7);
    });
  }

  it("other calls keep ApiError but mention Twilio's code and message", async () => {
    const providerMessage = JSON.stringify({ code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003" });
    const { base } = await startServer((_, res) => json(res, 400, { message: "Provider error", providerMessage }));
    const error = (await failureOf(platform(base).createInstance({ element: { key: "twilio" }, name: "n", tags: [], configuration: {} }))) as ApiError;
    expect(error).not.toBeInstanceOf(ProviderError);
    expect(error.code).toBe("api");
    expect(error.message).toContain("Twilio error 20003: Authenticate");
    expect(error.hint).toContain("Auth Token");
  });

  it("sendMessage without a Twilio code in the refusal keeps the platform's error", async () => {
    const { base } = await startServer((_, res) => json(res, 401, { message: "Invalid Organization or User secret, or invalid Element token provided." }));
    const error = (await failureOf(platform(base).sendMessage(TOKEN, "/messages", { To: "+1", Body: "x" }))) as ApiError;
    expect(error.code).toBe("auth");
  });
});

describe("debug log", () => {
  it("shows each request and answer without any secret", async () => {
    const answerToken = "answer-token-9876543210";
    const { base } = await startServer((_, res) => json(res, 200, { ...instance(3), token: answerToken, configuration: { "messaging.sms.twilio.token": "********" } }));
    const lines: string[] = [];
    const authToken = "fedcba9876543210fedcba9876543210";
    await platform(base, (line) => lines.push(line)).createInstance({
      element: { key: "twilio" },
      name: "acme",
      tags: [],
      configuration: { "messaging.sms.twilio.token": authToken, "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef" },
    });
    const log = lines.join("\n");
    expect(lines).toHaveLength(2);
    expect(log).toContain("→ POST http://127.0.0.1:");
    expect(log).toContain("User ********, Organization ********");
    expect(log).toContain("← 200 POST");
    expect(log).toContain("request-id=rid-1");
    expect(log).toContain("AC0123456789abcdef0123456789abcdef");
    for (const secret of [USER, ORG, authToken, answerToken]) expect(log).not.toContain(secret);
  });

  it("masks the Element token of instance calls", async () => {
    const { base } = await startServer((_, res) => json(res, 200, { sid: "SM1", status: "queued", to: "+1" }));
    const lines: string[] = [];
    await platform(base, (line) => lines.push(line)).sendMessage("element-token-abcdef", "/messages", { To: "+1", Body: "x" });
    expect(lines[0]).toContain("User ********, Organization ********, Element ********");
    expect(lines.join("\n")).not.toContain("element-token-abcdef");
  });
});
