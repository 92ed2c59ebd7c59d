#!/usr/bin/env bash
# A real CityTwin cluster on one machine: a throwaway PostgreSQL and N silo processes of the built host on
# loopback ports, joined through PostgreSQL's membership table. For people trying the cluster and for the
# cluster tests (tests/CityTwin.Cluster.Tests). See docs/cluster.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: deploy/local-cluster.sh COMMAND [options] [-- extra host options]

Commands:
  start            start PostgreSQL (initdb on first start) and the silos; wait until every silo is ready
  stop             stop the silos (SIGTERM, then SIGKILL after 30 s) and PostgreSQL; keeps the state directory
  status           show what runs and where to reach it
  silo-start N     start silo N (1-based) again, e.g. after silo-kill
  silo-stop N      stop silo N cleanly (SIGTERM)
  silo-kill N      kill silo N with SIGKILL (a crash)
  pg-stop          stop PostgreSQL (fast shutdown); the silos keep running
  pg-start         start PostgreSQL again on the same port and data
  pg-restart       pg-stop, then pg-start

Options:
  --dir DIR        state directory: PostgreSQL data, logs, pid files [default /tmp/citytwin-cluster]
  --silos N        number of silos [default 3]
  --port-base P    ports: gRPC P+i, HTTP/1 P+20+i, silo P+40+i, gateway P+60+i (silo i = 1..N),
                   PostgreSQL P+80 [default 50100]
  --host-dll FILE  the built host [default src/CityTwin.Host/bin/Release/net10.0/CityTwin.Host.dll,
                   built with `dotnet build -c Release` when missing]
  --fast           short failure detection and timers (seconds, not minutes): for tests and demos
  --no-sample      start with an empty registry (default: the cluster loads the sample city once)
  --purge          with stop: also delete the state directory
  --help           show this text

Anything after `--` goes to every silo, e.g. -- --CityTwin:Telemetry:Dashboard=true
Settings given to `start` are remembered in the state directory for the later commands.

Example:
  deploy/local-cluster.sh start --fast
  dotnet run --project src/CityTwin.Cli -- --server http://127.0.0.1:50101,http://127.0.0.1:50102,http://127.0.0.1:50103 units get 150600
  deploy/local-cluster.sh silo-kill 2; deploy/local-cluster.sh silo-start 2
  deploy/local-cluster.sh stop --purge
EOF
}

repo="$(cd "$(dirname "$0")/.." && pwd)"
command="${1:-}"
[ -n "$command" ] || { usage; exit 2; }
shift
case "$command" in --help|-h|help) usage; exit 0 ;; esac
index=""
case "$command" in silo-start|silo-stop|silo-kill) index="${1:-}"; [ $# -gt 0 ] && shift ;; esac

dir="/tmp/citytwin-cluster"; silos=""; port_base=""; host_dll=""; fast=""; sample=""; purge=0; extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --silos) silos="$2"; shift 2 ;;
    --port-base) port_base="$2"; shift 2 ;;
    --host-dll) host_dll="$2"; shift 2 ;;
    --fast) fast=1; shift ;;
    --no-sample) sample=0; shift ;;
    --purge) purge=1; shift ;;
    --help|-h) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "local-cluster: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

say() { echo "local-cluster: $*"; }
die() { echo "local-cluster: $*" >&2; exit 1; }

state="$dir/cluster.env"
# Settings of an earlier start, unless given again now.
if [ -f "$state" ]; then
  # shellcheck disable=SC1090
  . "$state"
  silos="${silos:-$SAVED_SILOS}"; port_base="${port_base:-$SAVED_PORT_BASE}"; host_dll="${host_dll:-$SAVED_HOST_DLL}"
  fast="${fast:-$SAVED_FAST}"; sample="${sample:-$SAVED_SAMPLE}"
  [ ${#extra[@]} -gt 0 ] || { [ -f "$dir/host-args" ] && mapfile -t extra < "$dir/host-args"; } || true
fi
silos="${silos:-3}"; port_base="${port_base:-50100}"; fast="${fast:-0}"; sample="${sample:-1}"
host_dll="${host_dll:-$repo/src/CityTwin.Host/bin/Release/net10.0/CityTwin.Host.dll}"
[[ "$silos" =~ ^[1-9]$ ]] || die "--silos must be 1..9"
[[ "$port_base" =~ ^[0-9]+$ ]] && [ "$port_base" -ge 1024 ] && [ "$port_base" -le 65400 ] || die "--port-base must be 1024..65400"

grpc_port() { echo $((port_base + $1)); }
http_port() { echo $((port_base + 20 + $1)); }
silo_port() { echo $((port_base + 40 + $1)); }
gateway_port() { echo $((port_base + 60 + $1)); }
pg_port=$((port_base + 80))
pg_dir="$dir/pg"
# Pool size x silos stays under max_connections (200), leaving room for tools and the tests.
connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=citytwin;Timeout=5;Command Timeout=15;Maximum Pool Size=40"

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return; fi
  command -v pg_ctl >/dev/null && { dirname "$(command -v pg_ctl)"; return; }
  die "PostgreSQL server binaries not found (apt-get install -y postgresql)"
}
# PostgreSQL refuses to run as root: run its tools as user postgres then.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

http_status() {   # HTTP status of GET http://127.0.0.1:PORT/PATH, 000 when nothing answers
  if command -v curl >/dev/null; then curl -s -o /dev/null -m 3 -w '%{http_code}' "http://127.0.0.1:$1$2" || true; return; fi
  local line
  line=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$2" >&3 && timeout 3 head -n 1 <&3) 2>/dev/null || true)
  [ -n "$line" ] && echo "$line" | awk '{print $2}' || echo 000
}

pid_of() { [ -f "$dir/silo-$1.pid" ] && cat "$dir/silo-$1.pid" || true; }
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
pg_running() { as_pg "$(pg_bin)/pg_ctl" status -D "$pg_dir/data" >/dev/null 2>&1; }

save_state() {
  mkdir -p "$dir"
  cat > "$state" <<EOF
SAVED_SILOS=$silos
SAVED_PORT_BASE=$port_base
SAVED_HOST_DLL='$host_dll'
SAVED_FAST=$fast
SAVED_SAMPLE=$sample
EOF
  printf '%s\n' "${extra[@]+"${extra[@]}"}" > "$dir/host-args"
}

pg_start() {
  local bin; bin=$(pg_bin)
  if [ ! -d "$pg_dir/data" ]; then
    mkdir -p "$pg_dir"
    # As root the server runs as postgres, which must be able to pass through the state directory.
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$pg_dir"; chmod o+x "$dir"; fi
    (cd "$pg_dir" && as_pg "$bin/initdb" --no-sync --auth=trust -U postgres -E UTF8 --locale=C -D "$pg_dir/data" > "$pg_dir/initdb.log" 2>&1) \
      || die "initdb failed: $(tail -n 5 "$pg_dir/initdb.log")"
  fi
  pg_running && return 0
  port_busy "$pg_port" && die "port $pg_port (PostgreSQL) is taken; choose another --port-base"
  # Durable settings (fsync on): the cluster tests restart this server and must not lose committed writes.
  (cd "$pg_dir" && as_pg "$bin/pg_ctl" start -w -t 60 -D "$pg_dir/data" -l "$pg_dir/server.log" \
      -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null) \
    || die "PostgreSQL did not start: $(tail -n 5 "$pg_dir/server.log")"
  if ! (cd "$pg_dir" && as_pg "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='citytwin'") | grep -q 1; then
    (cd "$pg_dir" && as_pg "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres citytwin) || die "createdb citytwin failed"
  fi
}

pg_stop() {
  [ -d "$pg_dir/data" ] || return 0
  pg_running || return 0
  (cd "$pg_dir" && as_pg "$(pg_bin)/pg_ctl" stop -w -t 60 -m fast -D "$pg_dir/data" >/dev/null) || die "pg_ctl stop failed"
}

silo_args() {
  local i=$1
  local args=(
    "--CityTwin:GrpcPort=$(grpc_port "$i")" "--CityTwin:HttpPort=$(http_port "$i")"
    "--CityTwin:SiloPort=$(silo_port "$i")" "--CityTwin:GatewayPort=$(gateway_port "$i")"
    "--CityTwin:Postgres=$connection" "--CityTwin:Cluster:Mode=postgres" "--CityTwin:Cluster:AdvertisedAddress=127.0.0.1"
    "--CityTwin:ClusterId=local-$port_base"
  )
  [ "$sample" = 1 ] || args+=("--CityTwin:SampleCity=")
  if [ "$fast" = 1 ]; then
    args+=(
      "--CityTwin:Cluster:ProbeTimeout=00:00:01" "--CityTwin:Cluster:MissedProbesLimit=2"
      "--CityTwin:Cluster:TableRefreshTimeout=00:00:02" "--CityTwin:Cluster:IAmAliveTablePublishTimeout=00:00:05"
      "--CityTwin:Cluster:ResponseTimeout=00:00:05" "--CityTwin:Live:ReconcileInterval=00:00:05"
    )
  fi
  printf '%s\n' "${args[@]}" "${extra[@]+"${extra[@]}"}"
}

silo_start() {
  local i=$1 pid args
  pid=$(pid_of "$i")
  if alive "$pid"; then say "silo $i already runs (pid $pid)"; return 0; fi
  for p in "$(grpc_port "$i")" "$(http_port "$i")" "$(silo_port "$i")" "$(gateway_port "$i")"; do
    port_busy "$p" && die "port $p (silo $i) is taken; choose another --port-base"
  done
  mapfile -t args < <(silo_args "$i")
  # Its own session, so a terminal's Ctrl+C does not reach it; stop it with `stop` or `silo-stop`.
  setsid dotnet "$host_dll" "${args[@]}" >> "$dir/silo-$i.log" 2>&1 < /dev/null &
  echo $! > "$dir/silo-$i.pid"
}

wait_ready() {   # wait_ready N...: every given silo answers /healthz/ready with 200
  local deadline=$((SECONDS + ${CITYTWIN_CLUSTER_START_TIMEOUT:-180})) i pid
  for i in "$@"; do
    while [ "$(http_status "$(http_port "$i")" /healthz/ready)" != 200 ]; do
      pid=$(pid_of "$i")
      alive "$pid" || die "silo $i exited during start; last lines of $dir/silo-$i.log:
$(tail -n 20 "$dir/silo-$i.log")"
      [ $SECONDS -lt $deadline ] || die "silo $i not ready after ${CITYTWIN_CLUSTER_START_TIMEOUT:-180} s; see $dir/silo-$i.log"
      sleep 0.5
    done
  done
}

silo_stop() {   # silo_stop N [signal]
  local i=$1 signal=${2:-TERM} pid waited=0
  pid=$(pid_of "$i")
  alive "$pid" || { rm -f "$dir/silo-$i.pid"; return 0; }
  kill "-$signal" "$pid" 2>/dev/null || true
  while alive "$pid"; do
    sleep 0.2; waited=$((waited + 1))
    if [ $waited -eq 150 ]; then say "silo $i did not stop in 30 s; killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
  done
  rm -f "$dir/silo-$i.pid"
}

status() {
  local i pid
  echo "state directory: $dir"
  if [ -d "$pg_dir/data" ] && pg_running; then echo "PostgreSQL: running on 127.0.0.1:$pg_port (database citytwin)"; else echo "PostgreSQL: stopped"; fi
  echo "connection string: $connection"
  for i in $(seq 1 "$silos"); do
    pid=$(pid_of "$i")
    if alive "$pid"; then
      echo "silo $i: pid $pid, gRPC http://127.0.0.1:$(grpc_port "$i"), HTTP http://127.0.0.1:$(http_port "$i") (/metrics, /healthz/ready: $(http_status "$(http_port "$i")" /healthz/ready)), log $dir/silo-$i.log"
    else
      echo "silo $i: not running (log $dir/silo-$i.log)"
    fi
  done
  local servers=""
  for i in $(seq 1 "$silos"); do servers="${servers:+$servers,}http://127.0.0.1:$(grpc_port "$i")"; done
  echo "CLI:  dotnet run --project src/CityTwin.Cli -- --server $servers units get 150600"
}

need_index() { [[ "${1:-}" =~ ^[1-9]$ ]] && [ "$1" -le "$silos" ] || die "give a silo number 1..$silos"; }

case "$command" in
  start)
    command -v dotnet >/dev/null || die "the .NET 10 SDK is required (dotnet not on PATH)"
    if [ ! -f "$host_dll" ]; then
      say "building the host ($host_dll is missing)"
      dotnet build "$repo/src/CityTwin.Host" -c Release -nologo -v quiet >/dev/null || die "the host did not build"
      [ -f "$host_dll" ] || die "no host at $host_dll after the build"
    fi
    save_state
    pg_start
    say "PostgreSQL on 127.0.0.1:$pg_port; starting $silos silos"
    # All at once: the schema and the sample city are applied once, under PostgreSQL advisory locks.
    for i in $(seq 1 "$silos"); do silo_start "$i"; done
    wait_ready $(seq 1 "$silos")
    say "ready"
    status
    ;;
  stop)
    for i in $(seq 1 "$silos"); do silo_stop "$i"; done
    pg_stop
    if [ "$purge" = 1 ]; then rm -rf "$dir"; say "stopped; removed $dir"; else say "stopped; state kept in $dir (--purge removes it)"; fi
    ;;
  status) status ;;
  silo-start) need_index "$index"; silo_start "$index"; wait_ready "$index"; say "silo $index ready" ;;
  silo-stop) need_index "$index"; silo_stop "$index" TERM; say "silo $index stopped" ;;
  silo-kill) need_index "$index"; silo_stop "$index" KILL; say "silo $index killed (SIGKILL)" ;;
  pg-stop) pg_stop; say "PostgreSQL stopped" ;;
  pg-start) pg_start; say "PostgreSQL started on 127.0.0.1:$pg_port" ;;
  pg-restart) pg_stop; pg_start; say "PostgreSQL restarted on 127.0.0.1:$pg_port" ;;
  *) echo "local-cluster: unknown command $command (see --help)" >&2; exit 2 ;;
esac
