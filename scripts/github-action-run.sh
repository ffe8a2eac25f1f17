#!/usr/bin/env bash
# The action's second step: run `connector <command>` on the files, with --github-output so
# the step's outputs (summary, changes, ids, names) are set. Inputs arrive as INPUT_* variables.
set -euo pipefail
command="${INPUT_COMMAND:-plan}"
case "$command" in
  plan | apply | provision) ;;
  *)
    echo "::error::The command input must be plan, apply or provision, not \"$command\"." >&2
    exit 2
    ;;
esac
arguments=("$command")
read -r -d '' -a files <<< "${INPUT_FILES:-}" || true
for file in "${files[@]}"; do arguments+=(--file "$file"); done
if [ -n "${INPUT_PRUNE:-}" ]; then
  if [ "$command" = provision ]; then
    echo "::error::The prune input works with plan and apply; provision only creates or updates. Use command: apply to delete what no file wants." >&2
    exit 2
  fi
  arguments+=(--prune "$INPUT_PRUNE")
fi
read -r -d '' -a extra <<< "${INPUT_ARGS:-}" || true
exec node "$GITHUB_ACTION_PATH/bin/connector.js" "${arguments[@]}" --github-output "${extra[@]}"
