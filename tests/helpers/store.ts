// A stored instance record for the store's tests: complete and valid, with a token and a
// template, so that each test overrides only the field it is about.
import type { InstanceRecord } from "../../src/store/index.ts";

/** Instance 101, acme-sms, of profile default on a loopback base URL; `overrides` win. */
export function instanceRecord(overrides: Partial<InstanceRecord> = {}): InstanceRecord {
  return {
    id: 101,
    name: "acme-sms",
    element: "twilio",
    profile: "default",
    baseUrl: "http://127.0.0.1:9/elements/api-v2",
    tags: ["prod"],
    token: "instance-token-0123456789",
    templates: [{ usageType: "SignIn", content: "Your sign-in code is {{code}}" }],
    createdAt: "2025-01-01T00:00:00.000Z",
    ...overrides,
  };
}
