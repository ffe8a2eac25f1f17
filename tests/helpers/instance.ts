// Fixtures for the tests that resolve an instance body in-process: the twilio entry keys, valid
// values, a document around a configuration, and resolveInstance with empty sources by default.
import type { InstanceDocument } from "../../src/instance/document.ts";
import { resolveInstance } from "../../src/instance/resolve.ts";
import type { InstanceSources } from "../../src/instance/resolve.ts";

export const ACCOUNT = "messaging.sms.twilio.account";
export const TOKEN = "messaging.sms.twilio.token";
export const SENDER = "messaging.sms.twilio.sender";
export const PROTOCOL = "messaging.sms.twilio.protocol";
export const CALLBACK = "messaging.sms.twilio.callback.url";

/** A well-formed Account SID made of one repeated digit, so tests can tell values apart. */
export const sid = (digit: string): string => `AC${digit.repeat(32)}`;
/** A well-formed Auth Token made of one repeated digit. */
export const token = (digit: string): string => digit.repeat(32);

/** A twilio instance named acme-sms holding `configuration`; `extra` overrides other fields. */
export function documentWith(configuration: Record<string, string>, extra: Partial<InstanceDocument> = {}): InstanceDocument {
  return { element: { key: "twilio" }, name: "acme-sms", configuration, ...extra };
}

/** Every required entry, valid: the baseline a test removes or overrides one value of. */
export const complete = { [ACCOUNT]: sid("1"), [TOKEN]: token("1"), [SENDER]: "+15005550006" };

/** Resolves with no flags, --config, environment or answers unless the test names them. */
export function resolve(sources: Partial<InstanceSources>): ReturnType<typeof resolveInstance> {
  return resolveInstance({ entryFlags: {}, config: [], env: {}, ...sources });
}
