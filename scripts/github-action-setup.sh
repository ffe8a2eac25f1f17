#!/usr/bin/env bash
# The action's first step: build the CLI in the action's own checkout, once.
set -euo pipefail
cd "$GITHUB_ACTION_PATH"
if [ ! -f dist/connector.cjs ]; then
  npm ci --no-audit --no-fund
  npm run build
fi
