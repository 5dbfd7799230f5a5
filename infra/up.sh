#!/usr/bin/env bash
# Install-if-missing, start and wait for the local servers the app needs.
# Usage: infra/up.sh [mongo] [rabbitmq] [hazelcast]   (default: all three, and install Prometheus)
# Idempotent: a server whose port already answers is left alone.
# Prints KEY=VALUE connection settings on stdout (logs go to stderr), so
#   export $(infra/up.sh)   works.
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

up_mongo() {
  local src="$INFRA_DIR/ferretdb" bin="$STATE_DIR/bin/ferretdb" logf="$STATE_DIR/log/ferretdb.log"
  if port_open "$MONGO_PORT"; then log "mongo: port $MONGO_PORT already answers, leaving it"; return; fi
  # (Re)build when the binary is missing or older than our wrapper module.
  if [ ! -x "$bin" ] || [ "$src/go.mod" -nt "$bin" ] || [ "$src/go.sum" -nt "$bin" ] || [ "$src/main.go" -nt "$bin" ]; then
    command -v go >/dev/null || die "mongo: Go toolchain not found (needed to build FerretDB)"
    log "mongo: building FerretDB (Go module proxy) -> $bin"
    # pure-Go SQLite driver, so no C compiler needed
    (cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -o "$bin.tmp" . && mv "$bin.tmp" "$bin") ||
      die "mongo: FerretDB build failed"
  fi
  log "mongo: starting FerretDB (SQLite) on 127.0.0.1:$MONGO_PORT"
  spawn mongo "$logf" "$bin" -listen "127.0.0.1:$MONGO_PORT" -data "$STATE_DIR/data/ferretdb"
  wait_port mongo "$MONGO_PORT" "$(read_pid mongo)" "$logf"
}

up_rabbitmq() {
  local logf="$STATE_DIR/log/rabbitmq-console.log"
  if port_open "$RABBITMQ_PORT"; then log "rabbitmq: port $RABBITMQ_PORT already answers, leaving it"; return; fi
  if [ ! -x "$RABBITMQ_BIN/rabbitmq-server" ]; then
    log "rabbitmq: installing Debian package rabbitmq-server"
    export DEBIAN_FRONTEND=noninteractive
    # package lists may be missing or stale on a fresh machine: update and retry once
    apt-get install -y -q --no-install-recommends rabbitmq-server >"$STATE_DIR/log/apt.log" 2>&1 ||
      { apt-get update -q >>"$STATE_DIR/log/apt.log" 2>&1 &&
        apt-get install -y -q --no-install-recommends rabbitmq-server >>"$STATE_DIR/log/apt.log" 2>&1; } ||
      fail_with_log "rabbitmq: apt-get install failed" "$STATE_DIR/log/apt.log"
    # where services autostart on install, stop the system node so it doesn't hold our port
    if command -v service >/dev/null; then service rabbitmq-server stop >/dev/null 2>&1 || true; fi
  fi
  rabbit_env
  # The package install leaves an epmd bound to 0.0.0.0. If it serves no node,
  # ask it to exit so our node starts a loopback-only one (ERL_EPMD_ADDRESS).
  if ! epmd -names 2>/dev/null | grep -q '^name '; then epmd -kill >/dev/null 2>&1 || true; fi
  log "rabbitmq: starting node $RABBITMQ_NODENAME on 127.0.0.1:$RABBITMQ_PORT"
  spawn rabbitmq "$logf" "$RABBITMQ_BIN/rabbitmq-server"
  wait_port rabbitmq "$RABBITMQ_PORT" "$(read_pid rabbitmq)" "$logf"
  "$RABBITMQ_BIN/rabbitmq-diagnostics" -q ping >/dev/null ||
    fail_with_log "rabbitmq: port open but 'rabbitmq-diagnostics ping' failed" "$logf"
}

up_hazelcast() {
  local jar="$STATE_DIR/lib/hazelcast-$HAZELCAST_VERSION.jar" logf="$STATE_DIR/log/hazelcast.log"
  local m2="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
  if port_open "$HAZELCAST_PORT"; then log "hazelcast: port $HAZELCAST_PORT already answers, leaving it"; return; fi
  if [ ! -f "$jar" ]; then
    local cached="$m2/com/hazelcast/hazelcast/$HAZELCAST_VERSION/hazelcast-$HAZELCAST_VERSION.jar"
    if [ ! -f "$cached" ]; then
      log "hazelcast: fetching com.hazelcast:hazelcast:$HAZELCAST_VERSION from Maven Central"
      # the jar is self-contained (shaded), so no transitive deps are needed
      mvn -B -q -Dmaven.repo.local="$m2" dependency:get -Dtransitive=false \
        -Dartifact="com.hazelcast:hazelcast:$HAZELCAST_VERSION" >"$STATE_DIR/log/mvn.log" 2>&1 ||
        fail_with_log "hazelcast: mvn dependency:get failed" "$STATE_DIR/log/mvn.log"
    fi
    cp "$cached" "$jar"
  fi
  log "hazelcast: starting member '$HAZELCAST_CLUSTER_NAME' on 127.0.0.1:$HAZELCAST_PORT"
  # --add-opens/--add-exports: Hazelcast's documented flags for Java 17 (avoid
  # reflective-access warnings and enable its JVM metrics).
  spawn hazelcast "$logf" java -Xms64m -Xmx512m -Djava.net.preferIPv4Stack=true \
    --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
    --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens java.management/sun.management=ALL-UNNAMED \
    --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
    -Dhazelcast.config="$INFRA_DIR/hazelcast/hazelcast.xml" \
    -Dflow.hz.cluster.name="$HAZELCAST_CLUSTER_NAME" -Dflow.hz.port="$HAZELCAST_PORT" \
    -cp "$jar" com.hazelcast.core.server.HazelcastMemberStarter
  wait_port hazelcast "$HAZELCAST_PORT" "$(read_pid hazelcast)" "$logf"
}

# Installs Debian's prometheus (prometheus and promtool) if either is missing; the package's own service is stopped and disabled
# where services autostart, so it never holds :9090 or scrapes anything on its own.
install_prometheus() {
  if [ -x "$PROMETHEUS_BIN" ] && [ -x "$PROMTOOL_BIN" ]; then return; fi
  log "prometheus: installing Debian package prometheus (not started)"
  apt_install "$STATE_DIR/log/apt-prometheus.log" prometheus ||
    fail_with_log "prometheus: apt-get install failed" "$STATE_DIR/log/apt-prometheus.log"
  if command -v service >/dev/null; then service prometheus stop >/dev/null 2>&1 || true; fi
  if command -v systemctl >/dev/null; then systemctl disable --now prometheus >/dev/null 2>&1 || true; fi
}

parse_services "$@"
for s in "${SERVICES[@]}"; do
  t=$SECONDS
  "up_$s"
  log "$s: done in $((SECONDS - t))s"
done

# The tools the tests need beside the servers, with a full `up` (no service named).
if [ $# -eq 0 ]; then install_prometheus; fi

for s in "${SERVICES[@]}"; do
  case "$s" in
    mongo) echo "MONGODB_URI=mongodb://127.0.0.1:$MONGO_PORT/flow-orchestrator" ;;
    rabbitmq) echo "RABBITMQ_URL=amqp://guest:guest@127.0.0.1:$RABBITMQ_PORT" ;;
    hazelcast) echo "HAZELCAST_ADDRESSES=127.0.0.1:$HAZELCAST_PORT" ;;
  esac
done
if [ $# -eq 0 ]; then echo "PROMETHEUS_BIN=$PROMETHEUS_BIN"; echo "PROMTOOL_BIN=$PROMTOOL_BIN"; fi
