# shellcheck shell=bash disable=SC2034  # vars here are used by up.sh/down.sh
# Shared helpers for infra/up.sh and infra/down.sh. Source it; don't run it.
# Everything that is generated (binaries, jars, data, logs, pids) lives in the
# state dir so the repo stays clean and `rm -rf .infra` is a full reset.

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$INFRA_DIR/.." && pwd)"
STATE_DIR="${INFRA_STATE_DIR:-$REPO_ROOT/.infra}"

MONGO_PORT="${MONGO_PORT:-27017}"
RABBITMQ_PORT="${RABBITMQ_PORT:-5672}"
HAZELCAST_PORT="${HAZELCAST_PORT:-5701}"
HAZELCAST_CLUSTER_NAME="${HAZELCAST_CLUSTER_NAME:-flow-orchestrator}"
HAZELCAST_VERSION="${HAZELCAST_VERSION:-5.5.0}" # last 5.5.x open-source release on Maven Central
READY_TIMEOUT="${INFRA_READY_TIMEOUT:-120}"    # seconds to wait for a server to accept connections

ALL_SERVICES=(mongo rabbitmq hazelcast)

mkdir -p "$STATE_DIR"/{bin,lib,log,run,data}

log() { printf '[infra %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Set SERVICES from the args (default: all), rejecting unknown names early.
parse_services() {
  local s
  SERVICES=("$@")
  if [ $# -eq 0 ]; then SERVICES=("${ALL_SERVICES[@]}"); fi
  for s in "${SERVICES[@]}"; do
    case "$s" in mongo | rabbitmq | hazelcast) ;; *) die "unknown service '$s' (expected: ${ALL_SERVICES[*]})" ;; esac
  done
}

# True if something accepts TCP connections on 127.0.0.1:$1 (bash /dev/tcp: no nc needed).
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
read_pid() { cat "$STATE_DIR/run/$1.pid" 2>/dev/null || true; }

# Wait until the port answers; fail fast if the process we started died.
# Usage: wait_port NAME PORT PID LOGFILE
wait_port() {
  local name=$1 port=$2 pid=$3 logf=$4 start=$SECONDS
  until port_open "$port"; do
    if [ -n "$pid" ] && ! pid_alive "$pid"; then
      fail_with_log "$name exited before listening on 127.0.0.1:$port" "$logf"
    fi
    if ((SECONDS - start >= READY_TIMEOUT)); then
      fail_with_log "$name not listening on 127.0.0.1:$port after ${READY_TIMEOUT}s" "$logf"
    fi
    sleep 1
  done
  log "$name ready on 127.0.0.1:$port ($((SECONDS - start))s)"
}

fail_with_log() {
  log "ERROR: $1; last lines of $2:"
  tail -n 40 "$2" >&2 2>/dev/null || true
  exit 1
}

# Start a command fully detached (own session, no stdin) and record its pid.
# Usage: spawn NAME LOGFILE CMD...
spawn() {
  local name=$1 logf=$2
  shift 2
  setsid nohup "$@" </dev/null >>"$logf" 2>&1 &
  echo $! >"$STATE_DIR/run/$name.pid"
}

# TERM the pid from the pid file (only if its command line matches, in case
# the pid was reused), wait up to 30s, then KILL. Usage: stop_pid NAME PATTERN
stop_pid() {
  local name=$1 pattern=$2 pid
  pid=$(read_pid "$name")
  if pid_alive "$pid" && grep -qa -- "$pattern" "/proc/$pid/cmdline" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 30); do pid_alive "$pid" || break; sleep 1; done
    if pid_alive "$pid"; then log "$name did not stop in 30s, killing"; kill -KILL "$pid" 2>/dev/null || true; fi
    log "$name stopped"
  else
    log "$name not running (no live pid from $STATE_DIR/run/$name.pid)"
  fi
  rm -f "$STATE_DIR/run/$name.pid"
}

# Install Debian packages without recommends; package lists may be missing or stale
# on a fresh machine, so on failure update them and retry once. Usage: apt_install LOG PKG...
apt_install() {
  local logf=$1
  shift
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >"$logf" 2>&1 ||
    { apt-get update -q >>"$logf" 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$logf" 2>&1; }
}

# Prometheus is installed for the tests (e2e/src/prometheus.test.ts starts its own on loopback
# with a generated config), never run as a daemon here. promtool comes in the same Debian
# package; e2e/src/alertRules.test.ts runs `promtool check rules` and `promtool test rules`.
PROMETHEUS_BIN="${PROMETHEUS_BIN:-/usr/bin/prometheus}"
PROMTOOL_BIN="${PROMTOOL_BIN:-/usr/bin/promtool}"

# RabbitMQ is configured purely through its env vars so all state stays in
# $STATE_DIR. We call the scripts in /usr/lib/rabbitmq/bin directly: Debian's
# /usr/sbin wrappers switch to the `rabbitmq` user and drop this environment.
RABBITMQ_BIN=/usr/lib/rabbitmq/bin
rabbit_env() {
  export RABBITMQ_NODENAME="${RABBITMQ_NODENAME:-flow@localhost}"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$RABBITMQ_PORT"
  export RABBITMQ_DIST_PORT=$((RABBITMQ_PORT + 20000))
  export RABBITMQ_MNESIA_BASE="$STATE_DIR/data/rabbitmq"
  export RABBITMQ_LOG_BASE="$STATE_DIR/log/rabbitmq"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$STATE_DIR/data/rabbitmq-enabled-plugins"
  export RABBITMQ_PID_FILE="$STATE_DIR/run/rabbitmq-erlang.pid"
  # keep epmd and Erlang distribution (used by rabbitmqctl) on loopback too
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}
