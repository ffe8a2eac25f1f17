// The "Examples" part of each command's --help: kept apart so the program reads as a list.
const block = (lines: string[]): string => `\nExamples:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;

export const EXAMPLES = {
  program: block([
    "connector emulator &                                  # a local platform on 127.0.0.1:8787",
    "export CONNECTOR_BASE_URL=http://127.0.0.1:8787/elements/api-v2",
    "export CONNECTOR_USER_SECRET=u CONNECTOR_ORG_SECRET=o",
    "connector provision --file instance.example.json",
    "connector send --to +15551234567 --template SignIn",
  ]),
  init: block(["connector init                      # asks for each entry", "connector init --no-input --name acme-sms --sender +15005550006 --out -"]),
  validate: block(["connector validate --file instance.json", "TWILIO_AUTH_TOKEN=... connector validate --file instance.json --json"]),
  provision: block([
    "connector provision --file instance.json",
    "connector provision --file instance.json --dry-run",
    "connector provision --file instance.json --if-exists skip --no-input --json | jq .id",
    "connector provision --name acme-sms --account-sid AC... --sender +15005550006   # token from TWILIO_AUTH_TOKEN",
  ]),
  send: block([
    "connector send --to +15551234567 --message 'Hello from connector'",
    "connector send --to +15551234567 --template SignIn              # makes and reports a 6-digit code",
    "connector send --to +15551234567 --template Register --code 123456 --instance acme-sms",
  ]),
  instancesList: block(["connector instances list", "connector instances list --remote --tag prod --json"]),
  instancesShow: block(["connector instances show acme-sms", "connector instances show 42 --json"]),
  instancesDelete: block(["connector instances delete acme-sms", "connector instances delete 42 --yes --no-input", "connector instances delete acme-sms --local-only"]),
  token: block(["curl -H \"Authorization: User $U, Organization $O, Element $(connector token acme-sms)\" ..."]),
  login: block(["connector login --base-url https://api.openconnectors.us2.ext.hana.ondemand.com/elements/api-v2", "CONNECTOR_USER_SECRET=... CONNECTOR_ORG_SECRET=... connector login --no-input --profile ci"]),
  logout: block(["connector logout", "connector logout --profile ci"]),
  emulator: block(["connector emulator", "connector emulator --port 0 --json            # prints {\"url\": ...} once listening", "connector emulator --state .emulator.json --user-secret u --org-secret o"]),
};
