// Element `twiliov2` (Twilio, the platform's v2 element, id 503): basic-auth style entries
// `username` (Account SID) and `password` (Auth Token), messages under the messaging hub.
// Data only. Its entries share --account-sid/--auth-token and their environment variables with
// element `twilio`, because they mean the same Twilio values: one set of flags covers both.
// It configures no sender: each message names its own (`send --from`, `provision --test-from`).
import type { ElementDefinition } from "./types.ts";
import { EVENT_ENTRIES } from "./event-entries.ts";
import { ACCOUNT_SID, AUTH_TOKEN, MESSAGE_FIELDS, MESSAGING_SERVICE_SID } from "./twilio-values.ts";

export const twiliov2: ElementDefinition = {
  key: "twiliov2",
  name: "Twilio (v2)",
  description: "Twilio's REST API through the messaging hub; the sender is given per message",
  entries: [{ key: "username", ...ACCOUNT_SID }, { key: "password", ...AUTH_TOKEN }, ...EVENT_ENTRIES],
  send: {
    path: "/hubs/messaging/messages",
    messagePath: "/hubs/messaging/messages/{sid}",
    accountEntry: "username",
    fields: MESSAGE_FIELDS,
    messagingServicePattern: MESSAGING_SERVICE_SID,
  },
};
