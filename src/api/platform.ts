// The typed Open Connectors calls the commands use. Each call says how it may be retried, adds the
// platform's Authorization header, checks the shape of the answer and keeps tokens secret.
import type { ApiWords } from "../context.ts";
import { ApiError } from "../errors.ts";
import { registerSecret } from "../secrets.ts";
import { createHttpClient, type HttpClientOptions, type HttpRequest } from "./http.ts";
import { PlatformApiError, toProviderError } from "./platform-errors.ts";
import { parseTwilioError } from "./twilio-errors.ts";
import { readInstance, type PlatformInstance } from "./instance-answer.ts";
import { FULL_LIST_PAGE_SIZE, PageCursor } from "./list-pages.ts";
import { readConfigurationRows, type ConfigurationEntryRow } from "./configuration-entries.ts";

export type { PlatformInstance } from "./instance-answer.ts";

export interface Credentials {
  userSecret: string;
  orgSecret: string;
}

/** Exactly what is POSTed to `/instances`: built by src/instance/resolve.ts, sent here. */
export interface InstanceBody {
  element: { key: string };
  name: string;
  tags: string[];
  configuration: Record<string, string>;
}

export interface TwilioMessage {
  sid: string;
  status: string;
  to: string;
  from?: string | null;
  messaging_service_sid?: string | null;
  body?: string;
  [k: string]: unknown;
}

export type PlatformClient = ReturnType<typeof createPlatformClient>;

/**
 * The platform answers a list or search that finds nothing with 404 and an error body whose words
 * are not documented ("No instances found" is only a guess), so any 404 of the collection in the
 * platform's error shape is "none". A 404 page of HTML or text is not the platform's (a wrong
 * --base-url) and stays not found. A 404 on `/instances/{id}` is never read this way, nor one of a
 * later page of a list (the platform's "none found" is only for the first page of a search).
 */
function isNoneFound(error: unknown): boolean {
  return error instanceof PlatformApiError && error.status === 404 && error.platformShaped;
}

/** Makes the client of the platform API for one set of credentials; close it when done. */
export function createPlatformClient(options: HttpClientOptions & { credentials: Credentials }) {
  const userSecret = registerSecret(options.credentials.userSecret);
  const orgSecret = registerSecret(options.credentials.orgSecret);
  const http = createHttpClient(options);

  const authorization = (token?: string): string => `User ${userSecret}, Organization ${orgSecret}${token ? `, Element ${registerSecret(token)}` : ""}`;

  const call = <T>(req: Omit<HttpRequest, "headers">, token?: string) => http.request<T>({ ...req, headers: { Authorization: authorization(token) } });

  return {
    /** The Authorization header value, for `--dry-run` (the caller redacts it). */
    authorization,

    /** POST /instances: never retried once sent, since the platform would create a second instance. `signal` replaces the client's. */
    async createInstance(body: InstanceBody, signal?: AbortSignal): Promise<PlatformInstance> {
      const res = await call<unknown>({ method: "POST", path: "/instances", body, retry: "unsent-only", signal });
      return readInstance(res.body, "POST /instances", res);
    },

    /**
     * GET /instances, page after page until the list is complete (list-pages.ts), at the largest page
     * size unless told. A 404 of the first page is an empty list; of a later page, an error.
     */
    async *listInstances(query: { tags?: string[]; searchText?: string; pageSize?: number } = {}): AsyncIterable<PlatformInstance> {
      const cursor = new PageCursor("GET /instances");
      const pageSize = String(query.pageSize ?? FULL_LIST_PAGE_SIZE);
      let nextPage: string | undefined;
      do {
        const params = { "tags[]": query.tags, searchText: query.searchText, pageSize, nextPage };
        let res;
        try {
          res = await call<unknown>({ method: "GET", path: "/instances", query: params, retry: "idempotent" });
        } catch (error) {
          if (cursor.pages > 0 && error instanceof PlatformApiError && error.status === 404) throw cursor.notFoundLater();
          if (isNoneFound(error)) return;
          throw error;
        }
        if (!Array.isArray(res.body)) throw unexpectedAnswer("GET /instances", "a list of instances", options.words);
        for (const item of res.body) yield readInstance(item, "GET /instances", res);
        nextPage = cursor.after(res.body.length, nextPage, res.headers);
      } while (nextPage !== undefined);
    },

    /** GET /instances/{id}. */
    async getInstance(id: number): Promise<PlatformInstance> {
      const res = await call<unknown>({ method: "GET", path: `/instances/${id}`, retry: "idempotent" });
      return readInstance(res.body, `GET /instances/${id}`, res);
    },

    /** PATCH /instances/{id}: sending the same changes twice has the same effect, so it is retried. */
    async updateInstance(id: number, body: Partial<InstanceBody>): Promise<PlatformInstance> {
      const res = await call<unknown>({ method: "PATCH", path: `/instances/${id}`, body, retry: "idempotent" });
      return readInstance(res.body, `PATCH /instances/${id}`, res);
    },

    /** GET /instances/{id}/configuration: the instance's entries, each with the id its own PATCH takes. */
    async getInstanceConfiguration(id: number): Promise<ConfigurationEntryRow[]> {
      const res = await call<unknown>({ method: "GET", path: `/instances/${id}/configuration`, retry: "idempotent" });
      return readConfigurationRows(res.body, `GET /instances/${id}/configuration`);
    },

    /** PATCH /instances/{id}/configuration/{configId} with `{propertyValue}`: one value, as churros changes it; retried like any PATCH. */
    async updateConfigurationEntry(id: number, configId: number | string, propertyValue: string): Promise<void> {
      await call<unknown>({ method: "PATCH", path: `/instances/${id}/configuration/${encodeURIComponent(String(configId))}`, body: { propertyValue }, retry: "idempotent" });
    },

    /** DELETE /instances/{id}. */
    async deleteInstance(id: number): Promise<void> {
      await call<unknown>({ method: "DELETE", path: `/instances/${id}`, retry: "idempotent" });
    },

    /** GET /elements/{key}/configuration: the platform's word on required entries and defaults. */
    async getElementConfiguration(key: string): Promise<unknown> {
      const res = await call<unknown>({ method: "GET", path: `/elements/${encodeURIComponent(key)}/configuration`, retry: "idempotent" });
      return res.body;
    },

    /** POST <path> through an instance: Twilio's refusal becomes a ProviderError with its code and a hint. */
    async sendMessage(token: string, path: string, body: Record<string, string>): Promise<TwilioMessage> {
      let res;
      try {
        res = await call<unknown>({ method: "POST", path, body, retry: "unsent-only" }, token);
      } catch (error) {
        throw error instanceof PlatformApiError ? toProviderError(error) : error;
      }
      return toMessage(res.body, `POST ${path}`, res.status, res.requestId);
    },

    /** GET <path> through an instance: the message as Twilio reports it now (`send --wait` polls it, so it draws no spinner of its own). */
    async getMessage(token: string, path: string): Promise<TwilioMessage> {
      let res;
      try {
        res = await call<unknown>({ method: "GET", path, retry: "idempotent", quiet: true }, token);
      } catch (error) {
        throw error instanceof PlatformApiError ? toProviderError(error) : error;
      }
      return toMessage(res.body, `GET ${path}`, res.status, res.requestId);
    },

    /** Closes the client's connections. */
    close: () => http.close(),
  };
}

/** An answer that is not what the platform sends: most often a --base-url that is not the API root. */
function unexpectedAnswer(where: string, expected: string, words?: ApiWords): ApiError {
  const baseUrl = words?.option("base-url") ?? "--base-url";
  return new ApiError("api", `The answer to ${where} is not ${expected}.`, undefined, undefined, `Check ${baseUrl}: it must be the platform's API root, ending in /elements/api-v2.`);
}

/** Checks Twilio's message in a successful answer; a Twilio error in a 2xx answer is still a refusal. */
function toMessage(value: unknown, where: string, status: number, requestId: string | undefined): TwilioMessage {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (typeof record.sid === "string") return record as TwilioMessage;
    const twilio = parseTwilioError(record.providerMessage ?? record);
    if (twilio) {
      const error = new PlatformApiError("api", "", status, requestId, undefined, "", twilio);
      throw toProviderError(error);
    }
  }
  throw unexpectedAnswer(where, "a Twilio message (no sid)");
}
