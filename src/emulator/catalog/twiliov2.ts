// Element `twiliov2` as the emulator plays it: id 503, "Twilio V2", configured with `username`
// (the Account SID, shown in clear) and `password` (the Auth Token, masked); no sender, since each
// message names its own. Both entries are required here: the sources do not say, and nothing can
// reach Twilio without them.
import { hiddenPlatformEntries } from "./hidden-entries.ts";
import { ACCOUNT_SID_RULE, AUTH_TOKEN_RULE } from "./rules.ts";
import type { EmulatedElement } from "./types.ts";

const shown = { hideFromConsole: false, internal: false };

export const TWILIOV2: EmulatedElement = {
  id: 503,
  key: "twiliov2",
  name: "Twilio V2",
  description: "Twilio's messaging API through the messaging hub",
  hub: "messaging",
  authentication: { type: "basic" },
  configuration: [
    {
      id: 50301,
      key: "username",
      name: "Account SID",
      description: "Your Twilio Account SID",
      defaultValue: "",
      type: "TEXTFIELD_128",
      required: true,
      ...shown,
      displayOrder: 1,
      rule: ACCOUNT_SID_RULE,
    },
    { id: 50302, key: "password", name: "Auth Token", description: "Your Twilio Auth Token", defaultValue: "", type: "PASSWORD", required: true, ...shown, displayOrder: 2, rule: AUTH_TOKEN_RULE },
    ...hiddenPlatformEntries(50303, 3, "https://api.twilio.com/2010-04-01"),
  ],
  messages: { accountEntry: "username" },
};
