// The platform's own entries that every element's JSON lists with `hideFromConsole: true`
// (`base.url`, `pagination.type`, `event.notification.enabled`; sometimes one is required). They
// are the platform's business: the emulator never asks for them and never requires them of a body.
// Whether the platform also marks them `internal` is not documented; the emulator marks two of them.
import type { EmulatedEntry } from "./types.ts";

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
  ];
}
