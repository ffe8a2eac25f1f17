#!/usr/bin/env bash
# The action's second step: run `connector <command>` on the files, with --github-output so
# the step's outputs (summary, changes, ids, names, id, name) are set. Inputs arrive as INPUT_*
# variables (the secrets' too: each, when given, becomes the variable the program reads). The files and prune inputs are values, never options: each is passed glued to its
# option (--file=<path>, --prune=<tag>), so no word of them can be read as an option of its own
# (a prune of "--base-url=http://elsewhere" would send the platform secrets elsewhere), and a
# value that begins with "-" is refused. Only `args` carries options.
set -euo pipefail

# A workflow command's data, escaped as the runner reads it: one line, whatever the input holds.
escape_data() {
  local text="${1//'%'/%25}"
  text="${text//$'\r'/%0D}"
  printf '%s' "${text//$'\n'/%0A}"
}

refuse() {
  echo "::error::$1" >&2
  exit 2
}

# Each line of $1 with the blanks around it removed (a path may hold spaces inside); blank lines skipped.
lines_of() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    [ -n "$line" ] && printf '%s\0' "$line"
  done <<< "$1"
  return 0
}

command="${INPUT_COMMAND:-plan}"
case "$command" in
  plan | apply | provision) ;;
  *) refuse "The command input must be plan, apply or provision, not \"$(escape_data "$command")\"." ;;
esac
arguments=("$command")

files=()
while IFS= read -r -d '' file; do files+=("$file"); done < <(lines_of "${INPUT_FILES:-}")
for file in ${files[@]+"${files[@]}"}; do
  case "$file" in -*) refuse "The files input holds \"$(escape_data "$file")\", which begins with \"-\": give one path a line (write ./$(escape_data "$file") for a file of that name); options go in args." ;; esac
  arguments+=("--file=$file")
done

if [ -n "${INPUT_PRUNE:-}" ]; then
  if [ "$command" = provision ]; then
    refuse "The prune input works with plan and apply; provision only creates or updates. Use command: apply to delete what no file wants."
  fi
  case "$INPUT_PRUNE" in -* | *$'\n'* | *$'\r'*) refuse "The prune input must be one tag, not \"$(escape_data "$INPUT_PRUNE")\" (it begins with \"-\" or holds a line break); options go in args." ;; esac
  arguments+=("--prune=$INPUT_PRUNE")
fi

# args: a JSON array of strings, or one argument a line (so an argument may hold spaces).
extra=()
trimmed="${INPUT_ARGS:-}"
trimmed="${trimmed#"${trimmed%%[![:space:]]*}"}"
if [ "${trimmed:0:1}" = "[" ]; then
  # Checked first, then read: a variable cannot hold the NUL bytes that separate the arguments.
  json_arguments='
    let value;
    try { value = JSON.parse(process.argv[1]); } catch { value = undefined; }
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string" && !item.includes("\0"))) process.exit(2);
    process.stdout.write(value.map((item) => item + "\0").join(""));'
  node -e "$json_arguments" "$trimmed" > /dev/null || refuse "The args input begins with \"[\" but is not a JSON array of strings."
  while IFS= read -r -d '' argument; do extra+=("$argument"); done < <(node -e "$json_arguments" "$trimmed")
else
  while IFS= read -r -d '' argument; do extra+=("$argument"); done < <(lines_of "${INPUT_ARGS:-}")
fi

# A secret given as an input wins over the environment's variable; an empty input leaves it alone.
[ -n "${INPUT_BASE_URL:-}" ] && export CONNECTOR_BASE_URL="$INPUT_BASE_URL"
[ -n "${INPUT_USER_SECRET:-}" ] && export CONNECTOR_USER_SECRET="$INPUT_USER_SECRET"
[ -n "${INPUT_ORG_SECRET:-}" ] && export CONNECTOR_ORG_SECRET="$INPUT_ORG_SECRET"
[ -n "${INPUT_TWILIO_AUTH_TOKEN:-}" ] && export TWILIO_AUTH_TOKEN="$INPUT_TWILIO_AUTH_TOKEN"
[ -n "${INPUT_FINGERPRINT_KEY:-}" ] && export CONNECTOR_FINGERPRINT_KEY="$INPUT_FINGERPRINT_KEY"
unset INPUT_BASE_URL INPUT_USER_SECRET INPUT_ORG_SECRET INPUT_TWILIO_AUTH_TOKEN INPUT_FINGERPRINT_KEY

# The setup step names the program (a build here, or the published package); ${a[@]+...}: an
# empty array is "unbound" to the bash 3 of macOS runners under set -u.
exec node "${CONNECTOR_ACTION_BIN:-$GITHUB_ACTION_PATH/bin/connector.js}" "${arguments[@]}" --github-output ${extra[@]+"${extra[@]}"}
