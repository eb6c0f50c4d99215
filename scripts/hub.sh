#!/usr/bin/env bash
# A throwaway local PostgreSQL for trying a coordinator store (docs/hub.md).
#   scripts/hub.sh          start it (in $HUB_DIR, default /tmp/aces-hub) and print the URL
#   scripts/hub.sh stop     stop it and delete its folder
# It listens only on a Unix socket in its folder, trusts local connections and keeps no
# data worth keeping. PostgreSQL refuses to run as root: as root it runs as `postgres`.
set -euo pipefail
dir="${HUB_DIR:-/tmp/aces-hub}"
port="${HUB_PORT:-5433}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "hub: PostgreSQL server binaries not found; install them: apt-get install -y postgresql" >&2
  exit 1
fi
as_owner() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
if [ "${1:-start}" = "stop" ]; then
  [ -d "$dir/data" ] && as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast stop" || true
  rm -rf "$dir"
  exit 0
fi
if [ ! -d "$dir/data" ]; then
  mkdir -p "$dir"
  [ "$(id -u)" = "0" ] && chown postgres:postgres "$dir"
  as_owner "'$bin/initdb' -D '$dir/data' -A trust -U postgres -E UTF8" >/dev/null
fi
if ! as_owner "'$bin/pg_ctl' -D '$dir/data' status" >/dev/null 2>&1; then
  as_owner "'$bin/pg_ctl' -D '$dir/data' -o \"-k $dir -p $port -c listen_addresses=\" -l '$dir/log' -w start" >/dev/null
fi
as_owner "'$bin/psql' -h '$dir' -p $port -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname = 'aces'\"" | grep -q 1 ||
  as_owner "'$bin/createdb' -h '$dir' -p $port -U postgres aces"
url="postgresql://postgres@/aces?host=$dir&port=$port"
echo "PostgreSQL is running in $dir (stop it with: make hub-stop)."
echo "Make a coordinator whose records live there:"
echo "  aces init --role coordinator --workspace ~/aces/hub --database '$url'"
echo "$url"
