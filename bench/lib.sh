# Shared by bench/run.sh and bench/import.sh (sourced, from the repository root): where the benchmark
# database is, and the private cluster's lifecycle when no DATABASE_URL is set. The cluster is the one the
# jar uses (REGISTRY_DATA_DIR/pg, REGISTRY_PG_PORT); a script starts it only if it is down and then stops
# it again at the end, so nothing is left running that was not running before.

BENCH_DB=${BENCH_DB:-registry_bench}
DATA_DIR=${REGISTRY_DATA_DIR:-.data}
PG_PORT=${REGISTRY_PG_PORT:-55432}
PG_BIN=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
JAR=${JAR:-target/registry.jar}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
CLUSTER_STARTED=0
CHILD=""

# Messages go to the script's own stderr, kept on fd 9: an interrupt can run the cleanup while a
# redirection of a bounded command is still in effect.
exec 9>&2
say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&9; }
die() { say "error: $*"; exit 1; }

# bounded SECONDS COMMAND...: runs COMMAND with a time limit, in the background so that an interrupt is
# handled at once (bash runs traps only between foreground commands); stop_child ends it.
bounded() {
  local limit=$1 rc=0
  shift
  timeout -k 5 "$limit" "$@" &
  CHILD=$!
  wait "$CHILD" || rc=$?
  CHILD=""
  return "$rc"
}

stop_child() {
  if [ -n "$CHILD" ]; then
    kill -TERM "$CHILD" 2>/dev/null || true
    wait "$CHILD" 2>/dev/null || true
    CHILD=""
  fi
}

# PostgreSQL refuses to run as root; the jar hands the cluster to the postgres user in that case.
as_cluster_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Sets PG_TARGET to the libpq connection string of database $1 and exports what psql and pgbench need besides.
# With DATABASE_URL (postgres:// or jdbc:postgresql:// form) the same server is used with database $1;
# JDBC-only query options are dropped, since libpq does not know them.
pg_target() {
  local db=$1
  if [ -n "${DATABASE_URL:-}" ]; then
    local url=${DATABASE_URL#jdbc:} query=""
    case $url in
      postgres://*|postgresql://*) ;;
      *) die "DATABASE_URL must start with postgres://, postgresql:// or jdbc:postgresql://" ;;
    esac
    if [[ $url == *\?* ]]; then
      query="?${url#*\?}"
      url=${url%%\?*}
      [[ ${DATABASE_URL} == jdbc:* ]] && query=""
    fi
    [ -n "${DATABASE_USER:-}" ] && export PGUSER=$DATABASE_USER
    [ -n "${DATABASE_PASSWORD:-}" ] && export PGPASSWORD=$DATABASE_PASSWORD
    PG_TARGET="$(sed -E 's#^(postgres(ql)?://[^/]*).*#\1#' <<<"$url")/$db$query"
  else
    export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=registry
    PGPASSWORD=$(cat "$DATA_DIR/pg-password") || die "no private cluster in $DATA_DIR: run make bench-data first"
    export PGPASSWORD
    PG_TARGET=$db
  fi
}

cluster_running() {
  [ -f "$DATA_DIR/pg/postmaster.pid" ] && as_cluster_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR/pg" status >/dev/null 2>&1
}

cluster_up() {
  [ -n "${DATABASE_URL:-}" ] && return 0
  [ -f "$DATA_DIR/pg/PG_VERSION" ] || die "no private cluster in $DATA_DIR: run make bench-data first"
  if cluster_running; then
    local port
    port=$(sed -n 4p "$DATA_DIR/pg/postmaster.pid" | tr -d ' ')
    [ "$port" = "$PG_PORT" ] || die "the private cluster runs on port $port, not REGISTRY_PG_PORT=$PG_PORT"
    return 0
  fi
  say "starting the private cluster on 127.0.0.1:$PG_PORT"
  as_cluster_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR/pg" -l "$DATA_DIR/postgres.log" -o "-p $PG_PORT" -w -t 60 start >/dev/null \
    || die "could not start the private cluster (see $DATA_DIR/postgres.log)"
  CLUSTER_STARTED=1
}

cluster_down() {
  if [ "$CLUSTER_STARTED" = 1 ] && cluster_running; then
    say "stopping the private cluster (started by this run)"
    as_cluster_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR/pg" -m fast -w -t 60 stop >/dev/null || say "could not stop the cluster"
  fi
  CLUSTER_STARTED=0
CHILD=""
}

# Stops the server a script started ($SERVER_PID): TERM, up to 30 s, then KILL.
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    say "stopping the server (pid $SERVER_PID)"
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      say "the server did not stop within 30 s: killing it"
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
