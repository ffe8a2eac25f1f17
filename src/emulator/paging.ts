// Filtering and paging of GET /instances: `tags[]`, `searchText`, `pageSize`, `nextPage` or `page`.
// Two kinds of page token, both stateless (issuing them costs no memory):
// - "offset" (the default): an opaque encoded offset, sent only while more instances follow;
// - "counter": the platform's documented token, base64 of `{"pageSize":2,"page":2}`, sent on every
//   page, the last included, so the page after the last is `200 []` with yet another token.
import { HttpFailure } from "./reply.ts";
import type { EmulatorInstance } from "./types.ts";

export const DEFAULT_PAGE_SIZE = 200;
/** The largest page the platform documents (for its hubs); a larger pageSize is a 400. */
export const MAX_PAGE_SIZE = 5000;

export type PageTokenKind = "offset" | "counter";

export interface ListQuery {
  tags: string[];
  searchText?: string;
  pageSize: number;
  offset: number;
}

const TOKEN_PREFIX = "emu1:";

/** An opaque token naming the page that starts at `offset`. */
export function encodePageToken(offset: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${offset}`).toString("base64url");
}

/** The platform's page counter: page `page` (1 is the first) of pages of `pageSize`. */
export function encodePageCounter(pageSize: number, page: number): string {
  return Buffer.from(JSON.stringify({ pageSize, page })).toString("base64");
}

const BAD_TOKEN = "Invalid nextPage token: pass the Elements-Next-Page-Token header of the previous answer.";

/** The offset a token of either kind names (a counter's own pageSize when the query has none); a 400 for anything else. */
export function decodePageToken(token: string, pageSize?: number): number {
  const text = Buffer.from(token, "base64").toString("utf8");
  if (text.startsWith(TOKEN_PREFIX)) {
    const offset = Number(text.slice(TOKEN_PREFIX.length));
    if (Number.isSafeInteger(offset) && offset >= 0) return offset;
    throw new HttpFailure(400, BAD_TOKEN);
  }
  const counter = readCounter(text);
  if (!counter) throw new HttpFailure(400, BAD_TOKEN);
  return (counter.page - 1) * (pageSize ?? counter.pageSize);
}

function readCounter(text: string): { pageSize: number; page: number } | undefined {
  try {
    const value = JSON.parse(text) as { pageSize?: unknown; page?: unknown };
    const { pageSize, page } = value;
    if (typeof pageSize === "number" && typeof page === "number" && Number.isSafeInteger(pageSize) && Number.isSafeInteger(page) && pageSize >= 1 && page >= 1) return { pageSize, page };
  } catch {
    // not JSON: not a counter
  }
  return undefined;
}

/** The filters and page asked for by a GET /instances query string; a page larger than `cap` is cut to it silently. */
export function readListQuery(query: URLSearchParams, cap = MAX_PAGE_SIZE): ListQuery {
  const tags = [...query.getAll("tags[]"), ...query.getAll("tags")];
  const searchText = query.get("searchText") ?? undefined;
  const size = query.get("pageSize");
  const asked = size === null || size === "" ? DEFAULT_PAGE_SIZE : Number(size);
  if (!Number.isSafeInteger(asked) || asked < 1) throw new HttpFailure(400, `Invalid pageSize ${size}: pass a whole number of 1 or more.`);
  if (asked > MAX_PAGE_SIZE) throw new HttpFailure(400, `Invalid pageSize ${size}: the largest page is ${MAX_PAGE_SIZE}.`);
  const pageSize = Math.min(asked, cap);
  const sized = (size !== null && size !== "") || pageSize !== asked;
  const offset = readOffset(query, sized ? pageSize : undefined);
  return searchText ? { tags, searchText, pageSize, offset } : { tags, pageSize, offset };
}

/** Where the page asked for starts: `nextPage` (a token) or `page` (a number, 1 the first). */
function readOffset(query: URLSearchParams, pageSize: number | undefined): number {
  const token = query.get("nextPage");
  if (token) return decodePageToken(token, pageSize);
  const page = query.get("page");
  if (page === null || page === "") return 0;
  const number = Number(page);
  if (!Number.isSafeInteger(number) || number < 1) throw new HttpFailure(400, `Invalid page ${page}: pass a whole number of 1 or more.`);
  return (number - 1) * (pageSize ?? DEFAULT_PAGE_SIZE);
}

/** The instances that have every tag asked for and whose name contains the search text. */
export function filterInstances(instances: EmulatorInstance[], query: ListQuery): EmulatorInstance[] {
  const search = query.searchText?.toLowerCase();
  return instances.filter((instance) => query.tags.every((tag) => instance.tags.includes(tag)) && (search === undefined || instance.name.toLowerCase().includes(search)));
}

/** One page of `items` and the token of the next page: with "offset" tokens only when there is one. */
export function pageOf<T>(items: T[], query: ListQuery, kind: PageTokenKind = "offset"): { page: T[]; nextToken?: string } {
  const end = query.offset + query.pageSize;
  const page = items.slice(query.offset, end);
  if (kind === "counter") return { page, nextToken: encodePageCounter(query.pageSize, Math.floor(end / query.pageSize) + 1) };
  return end < items.length ? { page, nextToken: encodePageToken(end) } : { page };
}
