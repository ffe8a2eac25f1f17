#!/usr/bin/env bash
# The action's first step: find or make the program, in seconds where it can, and name it in
# the step's output `bin` for the run step. In order:
#   1. a build in the action's own folder (an earlier use of the action in this job, or a ref that ships dist/);
#   2. the action used at a release tag (v1.2.3, or the moving v1 / v1.2 of that release): the
#      published package of the version in the action's package.json, installed alone (it has no
#      dependencies) into the runner's temp folder, checked by npm against the registry's integrity;
#   3. any other ref (a branch, a commit, ./ in this repository): built from the action's source, once
#      (npm ci without lifecycle scripts, then one build).
# Node.js is the caller's: the action does not change the job's Node (docs/ci.md).
set -euo pipefail
output="${GITHUB_OUTPUT:-/dev/null}"
package="$GITHUB_ACTION_PATH/package.json"

if ! command -v node > /dev/null; then
  echo "::error::connector needs Node.js 20.19 or later on PATH: add actions/setup-node (node-version: 20) before this action." >&2
  exit 2
fi
if ! node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1);
'; then
  echo "::error::connector needs Node.js 20.19 or later, and this job has $(node --version): add actions/setup-node (node-version: 20) before this action." >&2
  exit 2
fi

name=$(node -p 'require(process.argv[1]).name' "$package")
version=$(node -p 'require(process.argv[1]).version' "$package")
ref="${CONNECTOR_ACTION_REF:-}"
release=false
case "$ref" in "v$version" | "$version" | "v${version%%.*}" | "v${version%.*}") release=true ;; esac

if [ -f "$GITHUB_ACTION_PATH/dist/connector.cjs" ]; then
  bin="$GITHUB_ACTION_PATH/bin/connector.js"
elif [ "$release" = true ]; then
  prefix="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/connector-$version"
  bin="$prefix/node_modules/$name/bin/connector.js"
  if [ ! -f "$bin" ]; then
    npm install --no-save --no-audit --no-fund --no-package-lock --ignore-scripts --prefix "$prefix" "$name@$version" >&2
  fi
else
  echo "Building connector from the action's source (ref ${ref:-unknown}; a release tag installs the published package instead)." >&2
  (cd "$GITHUB_ACTION_PATH" && npm ci --ignore-scripts --no-audit --no-fund >&2 && npm run build >&2)
  bin="$GITHUB_ACTION_PATH/bin/connector.js"
fi
echo "bin=$bin" >> "$output"
