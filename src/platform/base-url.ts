// A base URL as given (`--base-url`, the library's `baseUrl`, CONNECTOR_BASE_URL): checked before
// any request, in the caller's words, and its password registered as a secret.
import type { Vocabulary } from "../context.ts";
import { UsageError } from "../errors.ts";
import { maskUrlPassword, registerUrlSecret } from "../secrets.ts";

/** The path every Open Connectors API root ends in (the contract's --base-url). */
const API_ROOT_PATH = "/elements/api-v2";

/** `value` without trailing slashes, or a UsageError naming the option as `words` say it. */
export function checkBaseUrl(value: string, words: Vocabulary): string {
  let url: URL;
  const named = words.option("base-url");
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${words.option("base-url", maskUrlPassword(value))} is not a URL.`, "Give the platform API root, e.g. https://api.openconnectors.us2.ext.hana.ondemand.com/elements/api-v2");
  }
  registerUrlSecret(value); // a password in it is shown as **** wherever the URL is printed
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`${named} must be an http: or https: URL, not ${url.protocol}`);
  const root = value.replace(/\/+$/, "");
  // Without it, GET /instances is a 404, which a search reads as "no instances", and the POST's
  // 404 then blames the name: the missing suffix is said before any request is made.
  if (!url.pathname.replace(/\/+$/, "").endsWith(API_ROOT_PATH)) {
    const fixed = `${url.origin}${url.pathname.replace(/\/+$/, "")}${API_ROOT_PATH}`;
    throw new UsageError(
      `${words.option("base-url", maskUrlPassword(value))} does not end in ${API_ROOT_PATH}, the platform's API root; nothing was sent.`,
      `Give the whole root, e.g. ${words.option("base-url", maskUrlPassword(fixed))} (or CONNECTOR_BASE_URL).`,
    );
  }
  return root;
}
