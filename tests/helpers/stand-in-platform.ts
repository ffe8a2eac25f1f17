// A stand-in for the real Open Connectors platform, for tests of the client only. It is written
// from what the platform's own test suite and documentation say it does (the "platform's own
// test suite" facts of the reference notes), not from the client's code nor from the emulator:
// names are stripped of markup and added to the tags, an empty search is a 404, PATCH replaces
// every tag, secrets come back masked, element metadata lists hidden platform entries. Each
// behaviour the sources leave open, or that only some platforms show, is a switch a test turns on.
import { randomBytes } from "node:crypto";
import type http from "node:http";
import { json, type Seen, type TestServer, type TestServers } from "./http-server.ts";

/** One entry of `GET /elements/{key}/configuration`, as the platform lists it. */
export interface StandInEntry {
  key: string;
  name: string;
  type: string;
  required: boolean;
  defaultValue: string;
  hideFromConsole: boolean;
  internal: boolean;
  displayOrder: number;
}

export interface StandInBehaviour {
  /** The status `/elements/{key}` and its `/configuration` answer (403: the user lacks `viewElements`). */
  elementsStatus?: number;
  /** False: the name is not added to the tags (on by default, as the platform does). */
  nameInTags?: boolean;
  /** POST answers list tags as objects `{id, name}` (one example of the developer portal). */
  postTagsAsObjects?: boolean;
  /** The entries of `GET /elements/{key}/configuration` (default none: the built-in definition stands). */
  configuration?: StandInEntry[];
  /** A refusal of every message sent through an instance: Twilio's error relayed in `providerMessage`. */
  messageRefusal?: { status: number; providerMessage: string };
  /** A refusal of every POST /instances, after nothing was created. */
  createRefusal?: { status: number; message: string; providerMessage: string };
  /** Rewrites an instance as it goes out, for answers of unexpected shapes; `route` is e.g. "POST /instances". */
  reshape?: (answer: Record<string, unknown>, route: string) => unknown;
  /** Changes names beyond stripping markup, as a platform may (the answer then names the instance otherwise). */
  rename?: (name: string) => string;
  /** Answers the next POST /instances with this raw body once the instance exists (a proxy's page, say). */
  postAnswer?: { contentType: string; body: string };
}

export interface StandInInstance {
  id: number;
  name: string;
  token: string;
  element: { id: number; key: string; name: string };
  tags: string[];
  configuration: Record<string, string>;
  createdDate: string;
}

export interface StandInPlatform {
  server: TestServer;
  instances: Map<number, StandInInstance>;
  behaviour: StandInBehaviour;
}

/** The platform's own entries of an element, hidden from the console; one is required and has no default. */
export const HIDDEN_PLATFORM_ENTRIES: StandInEntry[] = [
  { key: "base.url", name: "Base URL", type: "TEXTFIELD_1000", required: true, defaultValue: "https://api.twilio.com/2010-04-01", hideFromConsole: true, internal: false, displayOrder: 90 },
  { key: "pagination.type", name: "Pagination", type: "TEXTFIELD_32", required: false, defaultValue: "page", hideFromConsole: true, internal: false, displayOrder: 91 },
  { key: "event.notification.signature.key", name: "Signature key", type: "TEXTFIELD_128", required: true, defaultValue: "", hideFromConsole: true, internal: false, displayOrder: 92 },
];

const ELEMENTS: Record<string, { id: number; name: string; secretKeys: string[] }> = {
  twilio: { id: 7, name: "Twilio SMS", secretKeys: ["messaging.sms.twilio.token"] },
  twiliov2: { id: 503, name: "Twilio V2", secretKeys: ["password"] },
};

const AUTHORIZATION = /^User [^,]+, Organization [^,]+(?:, Element (.+))?$/;

/** Starts the stand-in on 127.0.0.1:0 (closed after the test by `servers`). */
export async function startStandInPlatform(servers: TestServers, behaviour: StandInBehaviour = {}): Promise<StandInPlatform> {
  const instances = new Map<number, StandInInstance>();
  const platform = { instances, behaviour } as StandInPlatform;
  let nextId = 4101;
  platform.server = await servers.startServer((seen, res) => {
    const requestId = randomBytes(12).toString("hex");
    const answer = (status: number, body: unknown) => json(res, status, body, { "Elements-Request-Id": requestId });
    const fail = (status: number, message: string, extra: Record<string, unknown> = {}) => answer(status, { requestId, message, ...extra });
    const auth = AUTHORIZATION.exec(seen.headers.authorization ?? "");
    if (!auth) return fail(401, "Invalid Organization or User secret, or invalid Element token provided.");
    const path = seen.parsed.pathname.replace(/^\/elements\/api-v2/, "");
    const route = `${seen.method} ${path.replace(/\/\d+$/, "/{id}")}`;
    const out = (instance: StandInInstance, tagsAsObjects = false) => {
      const shown: Record<string, unknown> = { ...masked(instance), tags: tagsAsObjects ? instance.tags.map((name, i) => ({ id: 12 + i, name })) : instance.tags };
      return behaviour.reshape ? behaviour.reshape(shown, route) : shown;
    };

    const element = /^\/elements\/([^/]+)(\/configuration)?$/.exec(path);
    if (element && seen.method === "GET") {
      const known = ELEMENTS[element[1] ?? ""];
      if (behaviour.elementsStatus) return fail(behaviour.elementsStatus, "Access denied: the user lacks the viewElements privilege.");
      if (!known) return fail(404, "No element found");
      const entries = behaviour.configuration ?? [];
      return answer(200, element[2] ? entries : { id: known.id, key: element[1], name: known.name, authentication: { type: "basic" }, configuration: entries });
    }
    if (path === "/instances" && seen.method === "POST") {
      if (behaviour.createRefusal) return fail(behaviour.createRefusal.status, behaviour.createRefusal.message, { providerMessage: behaviour.createRefusal.providerMessage });
      const body = JSON.parse(seen.body) as { element: { key: string }; name: string; tags?: string[]; configuration: Record<string, string> };
      const known = ELEMENTS[body.element.key];
      if (!known) return fail(404, "No element found");
      const name = (behaviour.rename ?? ((same: string) => same))(stripMarkup(body.name));
      const given = (body.tags ?? []).map(stripMarkup);
      const tags = behaviour.nameInTags === false || given.includes(name) ? given : [...given, name];
      const instance: StandInInstance = {
        id: nextId++,
        name,
        token: randomBytes(32).toString("base64"),
        element: { id: known.id, key: body.element.key, name: known.name },
        tags,
        configuration: body.configuration,
        createdDate: new Date().toISOString(),
      };
      instances.set(instance.id, instance);
      const raw = behaviour.postAnswer;
      if (raw) {
        behaviour.postAnswer = undefined;
        res.writeHead(200, { "Content-Type": raw.contentType, "Elements-Request-Id": requestId }).end(raw.body);
        return;
      }
      return answer(200, out(instance, behaviour.postTagsAsObjects));
    }
    if (path === "/instances" && seen.method === "GET") {
      const wanted = seen.parsed.searchParams.getAll("tags[]");
      const text = seen.parsed.searchParams.get("searchText")?.toLowerCase();
      const found = [...instances.values()].filter((i) => wanted.every((tag) => i.tags.includes(tag)) && (!text || i.name.toLowerCase().includes(text)));
      if (found.length === 0) return fail(404, "No instances found");
      return json(
        res,
        200,
        found.map((i) => out(i)),
        { "Elements-Request-Id": requestId, "Elements-Total-Count": String(found.length), "Elements-Returned-Count": String(found.length) },
      );
    }
    const one = /^\/instances\/(\d+)$/.exec(path);
    const instance = one ? instances.get(Number(one[1])) : undefined;
    if (one && !instance) return fail(404, `No instance found with id ${one[1]}`);
    if (instance && seen.method === "GET") return answer(200, out(instance));
    if (instance && seen.method === "DELETE") return (instances.delete(instance.id), answer(200, {}));
    if (instance && seen.method === "PATCH") return answer(200, out(patch(instance, seen)));
    if ((path === "/messages" || path === "/hubs/messaging/messages") && seen.method === "POST") return sendMessage(seen, res, auth[1], requestId);
    return fail(404, `No resource found for ${seen.method} ${path}`);
  });

  /** A message through an instance: refused as configured, else Twilio's queued message. */
  function sendMessage(seen: Seen, res: http.ServerResponse, token: string | undefined, requestId: string): void {
    const headers = { "Elements-Request-Id": requestId };
    const instance = [...instances.values()].find((i) => i.token === token);
    if (!instance) return json(res, 401, { requestId, message: "Invalid Organization or User secret, or invalid Element token provided." }, headers);
    const refusal = behaviour.messageRefusal;
    if (refusal) return json(res, refusal.status, { requestId, message: "The provider failed to process the request.", providerMessage: refusal.providerMessage }, headers);
    const body = JSON.parse(seen.body) as Record<string, string>;
    json(res, 200, { sid: `SM${randomBytes(16).toString("hex")}`, status: "queued", to: body.To, from: body.From ?? null, body: body.Body }, headers);
  }

  return platform;
}

/** PATCH: the fields given replace the old ones; `tags` replaces every tag (the portal: "Updating tags removes any existing tags"). */
function patch(instance: StandInInstance, seen: Seen): StandInInstance {
  const body = JSON.parse(seen.body) as Partial<StandInInstance>;
  if (typeof body.name === "string") instance.name = stripMarkup(body.name);
  if (Array.isArray(body.tags)) instance.tags = body.tags.map(stripMarkup);
  if (body.configuration) instance.configuration = { ...instance.configuration, ...body.configuration };
  return instance;
}

/** HTML removed, as the platform does to names and the tags made from them (`@` is kept). */
function stripMarkup(text: string): string {
  return text.replace(/<[^>]*>/g, "").replace(/[<>]/g, "");
}

/** The instance as answers show it: secret entries masked, the user who made it. */
function masked(instance: StandInInstance): Record<string, unknown> {
  const secrets = ELEMENTS[instance.element.key]?.secretKeys ?? [];
  const configuration = Object.fromEntries(Object.entries(instance.configuration).map(([k, v]) => [k, secrets.includes(k) ? "********" : v]));
  return { ...instance, configuration, valid: true, disabled: false, user: { id: 77, emailAddress: "ci@example.com", firstName: "CI", lastName: "User" } };
}
