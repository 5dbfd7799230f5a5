#!/usr/bin/env bash
# Stop the local servers started by infra/up.sh. Idempotent: fine if not running.
# Usage: infra/down.sh [mongo] [rabbitmq] [hazelcast]   (default: all three)
# Data stays in the state dir; `rm -rf .infra/data` for a clean slate.
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

down_mongo() { stop_pid mongo "$STATE_DIR/bin/ferretdb"; }

down_rabbitmq() {
  # `rabbitmqctl shutdown` stops the node cleanly and waits for the OS process
  # to exit; it only reaches our node (RABBITMQ_NODENAME from rabbit_env).
  if [ -x "$RABBITMQ_BIN/rabbitmqctl" ]; then
    rabbit_env
    if timeout 90 "$RABBITMQ_BIN/rabbitmqctl" -q shutdown >/dev/null 2>&1; then
      log "rabbitmq stopped"
      rm -f "$STATE_DIR/run/rabbitmq.pid"
      return
    fi
  fi
  stop_pid rabbitmq rabbitmq # node unreachable: fall back to TERM/KILL of our pid
}

down_hazelcast() { stop_pid hazelcast HazelcastMemberStarter; }

parse_services "$@"
for s in "${SERVICES[@]}"; do "down_$s"; done
