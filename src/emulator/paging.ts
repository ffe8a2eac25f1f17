// Filtering and paging of GET /instances: `tags[]`, `searchText`, `pageSize`, `nextPage`.
// Page tokens are opaque to clients and stateless here (an encoded offset), so issuing
// them costs no memory.
import { HttpFailure } from "./reply.ts";
import type { EmulatorInstance } from "./types.ts";

export const DEFAULT_PAGE_SIZE = 200;

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

/** The offset a token of ours names; a 400 for anything else. */
export function decodePageToken(token: string): number {
  const text = Buffer.from(token, "base64url").toString("utf8");
  const offset = text.startsWith(TOKEN_PREFIX) ? Number(text.slice(TOKEN_PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new HttpFailure(400, "Invalid nextPage token: pass the Elements-Next-Page-Token header of the previous answer.");
  }
  return offset;
}

/** The filters and page asked for by a GET /instances query string. */
export function readListQuery(query: URLSearchParams): ListQuery {
  const tags = [...query.getAll("tags[]"), ...query.getAll("tags")];
  const searchText = query.get("searchText") ?? undefined;
  const size = query.get("pageSize");
  const pageSize = size === null || size === "" ? DEFAULT_PAGE_SIZE : Number(size);
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new HttpFailure(400, `Invalid pageSize ${size}: pass a whole number of 1 or more.`);
  const token = query.get("nextPage");
  const offset = token ? decodePageToken(token) : 0;
  return searchText ? { tags, searchText, pageSize, offset } : { tags, pageSize, offset };
}

/** The instances that have every tag asked for and whose name contains the search text. */
export function filterInstances(instances: EmulatorInstance[], query: ListQuery): EmulatorInstance[] {
  const search = query.searchText?.toLowerCase();
  return instances.filter((instance) => query.tags.every((tag) => instance.tags.includes(tag)) && (search === undefined || instance.name.toLowerCase().includes(search)));
}

/** One page of `items` and the token of the next page, when there is one. */
export function pageOf<T>(items: T[], query: ListQuery): { page: T[]; nextToken?: string } {
  const end = query.offset + query.pageSize;
  const page = items.slice(query.offset, end);
  return end < items.length ? { page, nextToken: encodePageToken(end) } : { page };
}
