// The platform's `Authorization` header: `User <u>, Organization <o>[, Element <t>]`.
// Parsing is tolerant of spacing, order and case of the part names, strict on content.
import type { EmulatorOptions } from "./types.ts";
import { HttpFailure, INVALID_AUTH_MESSAGE } from "./reply.ts";

export interface Credentials {
  user: string;
  organization: string;
  element?: string;
}

const PART = /^(user|organization|element)\s+(\S.*)$/i;

/** The parts of an Authorization header, or undefined when it is missing or malformed. */
export function parseAuthorization(header: string | undefined): Credentials | undefined {
  if (!header) return undefined;
  const found = new Map<string, string>();
  for (const raw of header.split(",")) {
    const match = PART.exec(raw.trim());
    if (!match?.[1] || !match[2]) return undefined;
    const name = match[1].toLowerCase();
    if (found.has(name)) return undefined;
    found.set(name, match[2].trim());
  }
  const user = found.get("user");
  const organization = found.get("organization");
  if (!user || !organization) return undefined;
  const element = found.get("element");
  return element ? { user, organization, element } : { user, organization };
}

/** The caller's credentials when they pass the platform check; throws the platform's 401 otherwise. */
export function authenticate(header: string | undefined, options: EmulatorOptions): Credentials {
  const credentials = parseAuthorization(header);
  if (!credentials || (options.userSecret && credentials.user !== options.userSecret) || (options.orgSecret && credentials.organization !== options.orgSecret)) {
    throw new HttpFailure(401, INVALID_AUTH_MESSAGE);
  }
  return credentials;
}
