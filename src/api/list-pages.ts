// When a list of the platform is complete. The platform's documented next-page token is a page
// counter, not a cursor: every page carries one, the last included, and the page after the last
// is `200 []` with yet another. So a token never says "more follows"; an empty page, an
// Elements-Returned-Count of 0 or as many instances as Elements-Total-Count does. A page shorter
// than the size asked for says nothing (the platform may cap the size silently), and a listing
// that stops before its total is an error: `plan --prune` deletes what a listing does not show.
import { ApiError } from "../errors.ts";

/** The largest page the platform documents (for its hubs; 200 is its default): callers that read everything ask for it. */
export const FULL_LIST_PAGE_SIZE = 5000;

/** More pages than any account holds, even at the platform's default page size. */
export const MAX_PAGES = 1000;

type Headers = Record<string, string | string[] | undefined>;

/** Follows one listing page by page; `after` says what to ask next, or that the list is complete. */
export class PageCursor {
  /** How many pages have been read (the next one asked for is `pages + 1`). */
  pages = 0;
  /** How many items the pages read so far held. */
  received = 0;
  private readonly tokens = new Set<string>();

  constructor(private readonly where: string) {}

  /** After a page of `count` items: the token of the next page, or undefined when the list is complete. */
  after(count: number, token: string | undefined, headers: Headers): string | undefined {
    this.pages++;
    this.received += count;
    this.tokens.add(token ?? "");
    const total = countHeader(headers["elements-total-count"]);
    if (count === 0 || countHeader(headers["elements-returned-count"]) === 0) return undefined;
    if (total !== undefined && this.received >= total) return undefined;
    const next = headerText(headers["elements-next-page-token"]) || undefined;
    if (next === undefined) {
      if (total !== undefined) throw this.incomplete(`sent no next-page token after ${this.received} of the ${total} instances it counts`);
      return undefined;
    }
    if (this.tokens.has(next)) throw this.endless(`sent the page token of an earlier page again after ${this.pages} pages`);
    if (this.pages >= MAX_PAGES) throw this.endless(`still had more after ${MAX_PAGES} pages`);
    return next;
  }

  /** A later page's 404 is no "none found": the list did not complete, so nothing may be changed on its strength. */
  notFoundLater(): ApiError {
    return this.incomplete(`answered 404 for page ${this.pages + 1} after ${this.received} instances on ${this.pages === 1 ? "the first page" : `${this.pages} pages`}`, 404);
  }

  private incomplete(what: string, status?: number): ApiError {
    return new ApiError(
      "api",
      `The platform's list of instances did not complete: ${this.where} ${what}; stopped before changing anything.`,
      status,
      undefined,
      "Try again later; if it persists, report it to the platform's support.",
    );
  }

  private endless(what: string): ApiError {
    return new ApiError(
      "api",
      `The platform's list of instances does not end: ${this.where} ${what}; stopped there.`,
      undefined,
      undefined,
      "Try again later; if it persists, report it to the platform's support.",
    );
  }
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A count header as a number; undefined when absent or not a whole number (then it is not relied on). */
function countHeader(value: string | string[] | undefined): number | undefined {
  const text = headerText(value)?.trim();
  if (!text || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}
