#!/usr/bin/env bash
# The test command (README, and .ci/run): makes sure nats-server is installed, since the tests of
# an app over several hosts start their own nats-server on a free port; then runs every test.
# Extra arguments go to Maven (e.g. ./run-tests.sh -pl mob-runtime).
set -euo pipefail
cd "$(dirname "$0")"

have_nats() {
  [ -n "${NATS_SERVER:-}" ] && [ -x "${NATS_SERVER}" ] && return 0
  command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ]
}

install_nats() { # $1: "" or "sudo"
  echo "run-tests: installing nats-server (Debian's package) for the several-hosts tests"
  local log
  log=$(mktemp)
  if ! $1 env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nats-server >"$log" 2>&1; then
    # a fresh machine may have no package lists yet
    if ! { $1 apt-get update -q && $1 env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nats-server; } >"$log" 2>&1; then
      cat "$log" >&2
      echo "run-tests: could not install nats-server (output above)" >&2
      rm -f "$log"
      exit 1
    fi
  fi
  rm -f "$log"
}

if ! have_nats; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    install_nats ""
  elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    install_nats sudo
  else
    echo "run-tests: nats-server is missing and cannot be installed from here." >&2
    echo "  Debian/Ubuntu: sudo apt-get install -y nats-server" >&2
    echo "  elsewhere: put the binary from https://github.com/nats-io/nats-server/releases on the PATH," >&2
    echo "  or set NATS_SERVER=/path/to/nats-server" >&2
    exit 1
  fi
  have_nats || { echo "run-tests: nats-server still missing after installing it" >&2; exit 1; }
fi

exec mvn -B verify "$@"
