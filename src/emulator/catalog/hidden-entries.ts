// The platform's own entries that every element's JSON lists with `hideFromConsole: true`
// (`base.url`, `pagination.type`, `event.notification.enabled`; sometimes one is required), and the
// event entries an instance body may set (the developer portal's twilio-v2 create-instance example:
// `event.vendor.type` polling, its refresh interval and configuration, a callback URL and a
// signature key). They are the platform's business: the emulator never requires them of a body.
// Whether the platform also marks them `internal` is not documented; the emulator marks two of them.
// The event entries' defaults (polling, every 15 minutes) are the emulator's assumption.
import type { EmulatedEntry } from "./types.ts";

/** An event entry: hidden from the console, not internal, never required. */
function eventEntry(id: number, displayOrder: number, key: string, name: string, description: string, defaultValue: string, type: string): EmulatedEntry {
  return { id, key, name, description, defaultValue, type, required: false, hideFromConsole: true, internal: false, displayOrder };
}

/** The hidden entries of an element whose provider API lives at `baseUrl`; ids from `firstId`. */
export function hiddenPlatformEntries(firstId: number, firstOrder: number, baseUrl: string): EmulatedEntry[] {
  const hidden = { hideFromConsole: true, internal: true };
  return [
    {
      id: firstId,
      key: "base.url",
      name: "Base URL",
      description: "The provider API the element calls",
      defaultValue: baseUrl,
      type: "TEXTFIELD_1000",
      required: true,
      ...hidden,
      displayOrder: firstOrder,
    },
    {
      id: firstId + 1,
      key: "pagination.type",
      name: "Pagination Type",
      description: "How the element pages the provider's lists",
      defaultValue: "page",
      type: "TEXTFIELD_32",
      required: false,
      ...hidden,
      displayOrder: firstOrder + 1,
    },
    // Hidden but not internal: the client must go by hideFromConsole alone.
    {
      id: firstId + 2,
      key: "event.notification.enabled",
      name: "Events Enabled",
      description: "Whether the instance receives provider events",
      defaultValue: "false",
      type: "BOOLEAN",
      required: false,
      hideFromConsole: true,
      internal: false,
      displayOrder: firstOrder + 2,
    },
    eventEntry(firstId + 3, firstOrder + 3, "event.notification.callback.url", "Event Callback URL", "Where the platform sends the instance's events", "", "TEXTFIELD_1000"),
    eventEntry(firstId + 4, firstOrder + 4, "event.vendor.type", "Event Type", "How the platform learns of provider events", "polling", "TEXTFIELD_32"),
    eventEntry(firstId + 5, firstOrder + 5, "event.poller.refresh_interval", "Event Poller Refresh Interval (mins)", "How often the platform polls the provider", "15", "TEXTFIELD_32"),
    eventEntry(firstId + 6, firstOrder + 6, "event.poller.configuration", "Event Poller Configuration", "What the platform polls, as JSON text", "", "TEXTAREA"),
    eventEntry(firstId + 7, firstOrder + 7, "event.notification.signature.key", "Event Signature Key", "The key that signs the events sent to the callback URL", "", "PASSWORD"),
  ];
}
