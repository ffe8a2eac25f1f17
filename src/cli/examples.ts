// The "Examples" part of each command's --help: kept apart so the program reads as a list.
const block = (lines: string[]): string => `\nExamples:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;

// Every example runs as written after the README's quick start (the emulator on 127.0.0.1:8787,
// its secrets exported, instance.example.json copied to instance.json and provisioned):
// tests/help-examples.test.ts runs each command's examples in order, as one person at one
// terminal would, so an example may rely on the ones before it but names nothing that exists
// nowhere. A comment "# exit N" is the exit code the example ends with.
export const EXAMPLES = {
  program: block([
    "connector emulator &                                  # a local platform on 127.0.0.1:8787",
    "export CONNECTOR_BASE_URL=http://127.0.0.1:8787/elements/api-v2",
    "export CONNECTOR_USER_SECRET=my-user-secret CONNECTOR_ORG_SECRET=my-org-secret",
    "connector provision --file instance.example.json",
    "connector send --to +15551234567 --template SignIn",
  ]),
  init: block([
    "connector init                      # asks for each entry, writes instance.json",
    "connector init --no-input --name acme-sms --account-sid AC0123456789abcdef0123456789abcdef --sender +15005550006 --out -",
    "connector init --from-logto examples/logto-twilio.json --name acme-sms --out acme-logto.json   # a Logto config; Auth Token as ${TWILIO_AUTH_TOKEN}",
  ]),
  plan: block([
    "connector plan --file instances/                     # one instance.json per instance",
    "connector plan --file instances/ --prune demo --out plan.json",
    "connector plan --file instances/ --detailed-exitcode --json   # exit 8: something would change (0: nothing)",
  ]),
  apply: block([
    "connector apply --file instances/                    # shows the plan, asks at a terminal, applies",
    "connector apply --file instances/ --prune demo --yes",
    "connector plan --file instances/ --out plan.json && connector apply --plan plan.json   # refuses if the platform changed in between",
  ]),
  validate: block([
    "connector validate --file instance.json",
    "TWILIO_SENDER=MG0123456789abcdef0123456789abcdef connector validate --file instance.json --json   # the environment wins over the file",
  ]),
  verify: block([
    "connector verify --file instance.json                  # asks api.twilio.com; nothing goes to the platform",
    "export TWILIO_AUTH_TOKEN=5f4dcc3b5aa765d61d8327deb882cf99   # instance.example.json's; set yours",
    "connector verify --account-sid AC0123456789abcdef0123456789abcdef --sender +15005550006 --json   # token from TWILIO_AUTH_TOKEN",
    "TWILIO_API_URL=https://api.dublin.ie1.twilio.com connector verify --file instance.json",
    "connector emulator &   # offline: its Twilio API (http://127.0.0.1:8787) knows instance.example.json's account",
    "connector verify --file instance.json --twilio-api-url http://127.0.0.1:8787",
  ]),
  provision: block([
    "connector provision --file instance.json",
    "connector provision --file instance.json --dry-run",
    "connector provision --file instance.json --if-exists skip --no-input --json | jq .id",
    "export TWILIO_AUTH_TOKEN=5f4dcc3b5aa765d61d8327deb882cf99   # instance.example.json's; set yours",
    "connector provision --name acme-alerts --account-sid AC0123456789abcdef0123456789abcdef --sender +15005550006   # token from TWILIO_AUTH_TOKEN",
    "connector provision --file instance.json --name acme-checked --verify --test-to +15551234567   # all or nothing",
    "connector init --element twiliov2 --no-input --name acme-v2 --account-sid AC0123456789abcdef0123456789abcdef --out acme-v2.json   # another element: its own file",
    "connector provision --file acme-v2.json --test-to +15551234567 --test-from +15005550006",
  ]),
  send: block([
    "connector send --to +15551234567 --message 'Hello from connector'",
    "connector send --to +15551234567 --template SignIn              # makes and reports a 6-digit code",
    "connector send --to +15551234567 --template Register --code 123456 --instance acme-sms",
    "connector send --to +15551234567 --message 'Hello' --wait --wait-timeout 120   # until delivered, or why not",
    "connector send --to +15005550003 --message 'Hello'   # exit 7: Twilio's test number for a country not enabled",
  ]),
  instancesList: block(["connector instances list", "connector instances list --remote --tag demo --json"]),
  instancesShow: block(["connector instances show acme-sms", "connector instances show acme-sms --json"]),
  instancesDelete: block([
    "connector instances delete acme-test                 # asks first",
    "connector instances delete acme-alerts --yes --no-input",
    "connector instances delete acme-sms --local-only --yes   # forgets the token; the instance stays",
  ]),
  token: block(['curl -fsS -H "Authorization: User $CONNECTOR_USER_SECRET, Organization $CONNECTOR_ORG_SECRET, Element $(connector token acme-sms)" "$CONNECTOR_BASE_URL/messages"']),
  login: block([
    "connector login --base-url https://api.openconnectors.us2.ext.hana.ondemand.com/elements/api-v2",
    "connector login --no-input --profile ci              # secrets from CONNECTOR_USER_SECRET and CONNECTOR_ORG_SECRET",
    "connector login --insecure-storage                   # the 0600 store file, not the OS keychain",
  ]),
  logout: block(["connector logout", "connector logout --profile ci"]),
  authStatus: block(["connector auth status", "connector auth status --json | jq '.profiles[] | {name, secrets}'"]),
  emulator: block([
    "connector emulator",
    'connector emulator --port 0 --json            # prints {"url": ...} once listening',
    'connector emulator --state .emulator.json --user-secret "$CONNECTOR_USER_SECRET" --org-secret "$CONNECTOR_ORG_SECRET"',
    'connector emulator --latency 20-200 --faults "503:0.1,429=2:5%,commit-then-reset:0.1@POST /instances" --seed 42',
  ]),
  schema: block(['connector schema > instance.schema.json       # then "$schema": "./instance.schema.json" in instance.json', "connector schema --element twilio --json | jq .schema.title"]),
  completion: block([
    "source <(connector completion bash)                                # this shell only",
    "mkdir -p ~/.local/share/bash-completion/completions && connector completion bash > ~/.local/share/bash-completion/completions/connector",
    "mkdir -p ~/.zfunc && connector completion zsh > ~/.zfunc/_connector   # then in ~/.zshrc: fpath+=(~/.zfunc); autoload -Uz compinit; compinit",
    "mkdir -p ~/.config/fish/completions && connector completion fish > ~/.config/fish/completions/connector.fish",
  ]),
  doctor: block(["connector doctor", "connector doctor --profile ci --json | jq '.checks[] | select(.status != \"ok\")'"]),
};

/** The `--faults` syntax, shown after the emulator's examples. */
export const FAULTS_HELP = `
Faults (--faults, comma-separated; each KIND[=PARAM][:PROBABILITY][@[METHOD ]PATH]):
  503 502 504 500 408 425   answer that status with a platform error body; nothing is applied
  429                       too many requests, with Retry-After: PARAM seconds (default 1) or =date
  reset                     drop the connection (TCP reset) without applying the request
  commit-then-reset         apply the request (e.g. create the instance), then drop the connection
  hang                      never answer (the client's --timeout ends it)
  twilio-20429              Twilio's Too Many Requests relayed: 429, Twilio error 20429 in providerMessage
  PROBABILITY is 0 to 1 or a percentage (default 1); the first listed fault that fires wins.
  PATH is below /elements/api-v2, * matches anything: @POST /instances, @/instances/*, @GET.
`;

/** Help shown after `provision --help`: how a batch reports, and the --json exception. */
export const BATCH_HELP = `
Batches (several --file, a directory, or --batch):
  Each instance is provisioned on its own, --concurrency at a time over one connection pool;
  one failure does not stop the others. At a terminal a progress bar is drawn on stderr.
  With --json, stdout is NDJSON: one line per instance as it finishes ({"type":"instance",...}),
  then one summary line ({"type":"summary",...}) -- the one exception to "one JSON document".
  Exit code: 0 only when every instance succeeded; else the most serious failure's code, in
  this order: 130 interrupted, 1 bug, 4 auth, 6 network, 5 platform refused, 3 invalid config.
  Re-run with --if-exists skip to resume; --shard i/n splits the batch between n CI jobs.
`;
