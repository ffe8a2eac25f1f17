// The platform's own event entries, which an instance of any element may carry (the developer
// portal's twilio-v2 create-instance example sets them; the element's JSON lists them hidden from
// the console). They are accepted in files and with --config like the element's entries, the
// signature key redacted as a secret, but never asked for and given no flag: events are the
// platform's business, and most instances never set them. Data only.
import type { EntryDefinition } from "./types.ts";

const platformOwned = { required: false, platformOwned: true } as const;

export const EVENT_ENTRIES: readonly EntryDefinition[] = [
  {
    key: "event.notification.enabled",
    label: "events enabled",
    ...platformOwned,
    secret: false,
    validation: { oneOf: ["true", "false"] },
    invalidMessage: "expected true or false",
    prompt: "Events enabled",
  },
  {
    key: "event.notification.callback.url",
    label: "event callback URL",
    ...platformOwned,
    secret: false,
    validation: { format: "http-url" },
    invalidMessage: "expected an absolute http: or https: URL",
    prompt: "Event callback URL",
    example: "https://example.com/events",
  },
  {
    key: "event.vendor.type",
    label: "event vendor type",
    ...platformOwned,
    secret: false,
    validation: { oneOf: ["polling"] },
    invalidMessage: "expected polling (the platform polls Twilio for events)",
    prompt: "Event vendor type",
  },
  {
    key: "event.poller.refresh_interval",
    label: "event polling interval in minutes",
    ...platformOwned,
    secret: false,
    validation: { patterns: [{ regex: "^[1-9][0-9]{0,5}$", describes: "a whole number of minutes, 1 or more" }] },
    invalidMessage: "expected a whole number of minutes, 1 or more",
    prompt: "Event polling interval (minutes)",
    example: "15",
  },
  {
    key: "event.poller.configuration",
    label: "event poller configuration (JSON text)",
    ...platformOwned,
    secret: false,
    validation: {},
    invalidMessage: "expected the poller's configuration as JSON text",
    prompt: "Event poller configuration",
  },
  {
    key: "event.notification.signature.key",
    label: "event signature key",
    ...platformOwned,
    secret: true,
    validation: {},
    invalidMessage: "expected the key that signs event notifications",
    prompt: "Event signature key",
  },
];
