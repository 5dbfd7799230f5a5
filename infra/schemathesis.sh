#!/usr/bin/env bash
# Install-if-missing Schemathesis (PyPI), the API fuzzer e2e/src/fuzz.test.ts runs, into a
# project-local virtualenv under the infra state dir (.infra/, not committed).
# Idempotent: a venv that already holds the pinned version is left alone.
# Prints SCHEMATHESIS_BIN=<path> on stdout (logs go to stderr); the stable link
# .infra/tools/bin/schemathesis points at it, which is where the test looks by default.
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Pinned: a new release may add checks or change --checks all; bump it on purpose.
SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
VENV="$STATE_DIR/tools/schemathesis-$SCHEMATHESIS_VERSION"
LINK="$STATE_DIR/tools/bin/schemathesis"
logf="$STATE_DIR/log/schemathesis-install.log"

# A Python 3.9+ interpreter (the pinned release supports 3.9 to 3.13; CI has 3.11).
find_python() {
  local candidate
  for candidate in python3.11 python3.12 python3.13 python3.10 python3; do
    if command -v "$candidate" >/dev/null &&
      "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' 2>/dev/null; then
      command -v "$candidate"
      return
    fi
  done
  die "schemathesis: no Python 3.9+ interpreter found (install python3)"
}

installed_version() { "$VENV/bin/schemathesis" --version 2>/dev/null | awk '{print $NF}'; }

if [ "$(installed_version)" = "$SCHEMATHESIS_VERSION" ]; then
  log "schemathesis: $SCHEMATHESIS_VERSION already installed in $VENV"
else
  python=$(find_python)
  rm -rf "$VENV"
  log "schemathesis: creating a venv with $python -> $VENV"
  if ! "$python" -m venv "$VENV" >"$logf" 2>&1; then
    # Debian's python3 ships venv separately
    log "schemathesis: installing Debian package python3-venv"
    apt_install "$STATE_DIR/log/apt-python3-venv.log" python3-venv ||
      fail_with_log "schemathesis: apt-get install python3-venv failed" "$STATE_DIR/log/apt-python3-venv.log"
    rm -rf "$VENV"
    "$python" -m venv "$VENV" >"$logf" 2>&1 || fail_with_log "schemathesis: python -m venv failed" "$logf"
  fi
  log "schemathesis: pip install schemathesis==$SCHEMATHESIS_VERSION (PyPI)"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >>"$logf" 2>&1 ||
    { rm -rf "$VENV"; fail_with_log "schemathesis: pip install failed" "$logf"; }
  [ "$(installed_version)" = "$SCHEMATHESIS_VERSION" ] ||
    { rm -rf "$VENV"; fail_with_log "schemathesis: installed, but --version does not say $SCHEMATHESIS_VERSION" "$logf"; }
  log "schemathesis: $SCHEMATHESIS_VERSION installed"
fi

mkdir -p "$(dirname "$LINK")"
ln -sfn "$VENV/bin/schemathesis" "$LINK"
echo "SCHEMATHESIS_BIN=$LINK"
