#!/usr/bin/env bash
# The keychain tests (npm run test:keychain) against a real Secret Service: a private D-Bus
# session (dbus-run-session) with gnome-keyring in it, unlocked with a password of the run's,
# under a temporary HOME and XDG_RUNTIME_DIR, so the user's own keyring is never touched. The
# tests themselves (tests/keychain/) lock it, take the bus away and add a display (Xvfb).
# Needs: dbus-run-session, dbus-send, gnome-keyring-daemon, secret-tool, Xvfb (Debian packages
# dbus, dbus-x11, gnome-keyring, libsecret-tools, xvfb); without one it says which and skips.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--inside" ]; then
  missing=$(for tool in dbus-run-session dbus-daemon dbus-send dbus-update-activation-environment gnome-keyring-daemon secret-tool Xvfb pgrep; do command -v "$tool" >/dev/null || echo "$tool"; done)
  if [ -n "$missing" ]; then
    echo "test:keychain skipped: missing $(echo $missing) (apt-get install dbus dbus-x11 gnome-keyring libsecret-tools xvfb procps)"
    exit 0
  fi
  work=$(mktemp -d "${TMPDIR:-/tmp}/connector-keychain-XXXXXX")
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/home" "$work/run"
  chmod 700 "$work/run"
  export HOME="$work/home" XDG_RUNTIME_DIR="$work/run" KEYCHAIN_TEST_WORK="$work"
  export KEYCHAIN_TEST_PASSWORD="connector-test-$RANDOM$RANDOM"
  unset DISPLAY WAYLAND_DISPLAY
  # Not exec: the trap removes the temporary home once the session (and its daemons) ended.
  dbus-run-session -- bash "$0" --inside "$@"
  exit $?
fi

# Inside the private session: unlock the keyring; --daemonize returns before the daemon owns
# its bus name, so wait for org.freedesktop.secrets to have an owner.
printf %s "$KEYCHAIN_TEST_PASSWORD" | gnome-keyring-daemon --unlock --daemonize --components=secrets >/dev/null
for _ in $(seq 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then break; fi
  sleep 0.1
done
shift
export CONNECTOR_KEYCHAIN_SESSION=1
node node_modules/vitest/vitest.mjs run --config vitest.keychain.config.ts "$@"
