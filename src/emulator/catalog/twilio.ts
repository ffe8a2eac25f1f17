// Element `twilio` as the emulator plays it: id 7, "Twilio SMS", configured with the
// `messaging.sms.twilio.*` entries (the account entry is the one Twilio's path takes). The sources
// do not say which entries the platform requires: account, token and sender are required here
// (nothing can be sent without them), protocol is required with the default "sms", and the status
// callback is optional. That is the emulator's assumption, stated in its docs.
import { hiddenPlatformEntries } from "./hidden-entries.ts";
import { ACCOUNT_SID_RULE, AUTH_TOKEN_RULE, HTTP_URL_RULE, PROTOCOL_RULE, SENDER_RULE } from "./rules.ts";
import type { EmulatedElement } from "./types.ts";

const shown = { hideFromConsole: false, internal: false };

export const TWILIO: EmulatedElement = {
  id: 7,
  key: "twilio",
  name: "Twilio SMS",
  description: "Send and receive SMS messages with Twilio",
  hub: "messaging",
  authentication: { type: "custom" },
  configuration: [
    {
      id: 701,
      key: "messaging.sms.twilio.account",
      name: "Account SID",
      description: "Your Twilio Account SID",
      defaultValue: "",
      type: "TEXTFIELD_128",
      required: true,
      ...shown,
      displayOrder: 1,
      rule: ACCOUNT_SID_RULE,
    },
    {
      id: 702,
      key: "messaging.sms.twilio.token",
      name: "Auth Token",
      description: "Your Twilio Auth Token",
      defaultValue: "",
      type: "PASSWORD",
      required: true,
      ...shown,
      displayOrder: 2,
      rule: AUTH_TOKEN_RULE,
    },
    {
      id: 703,
      key: "messaging.sms.twilio.sender",
      name: "Sender",
      description: "The number, short code, sender ID or Messaging Service SID messages come from",
      defaultValue: "",
      type: "TEXTFIELD_32",
      required: true,
      ...shown,
      displayOrder: 3,
      rule: SENDER_RULE,
    },
    {
      id: 704,
      key: "messaging.sms.twilio.protocol",
      name: "Protocol",
      description: "The messaging protocol",
      defaultValue: "sms",
      type: "TEXTFIELD_32",
      required: true,
      ...shown,
      displayOrder: 4,
      rule: PROTOCOL_RULE,
    },
    {
      id: 705,
      key: "messaging.sms.twilio.callback.url",
      name: "Status Callback URL",
      description: "Where Twilio reports message statuses",
      defaultValue: "",
      type: "TEXTFIELD_1000",
      required: false,
      ...shown,
      displayOrder: 5,
      rule: HTTP_URL_RULE,
    },
    ...hiddenPlatformEntries(706, 6, "https://api.twilio.com/2010-04-01/Accounts"),
  ],
  messages: { accountEntry: "messaging.sms.twilio.account", senderEntry: "messaging.sms.twilio.sender" },
};
