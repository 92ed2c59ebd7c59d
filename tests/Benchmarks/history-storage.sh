#!/usr/bin/env bash
# Storage the monitoring history takes per million readings: a one-silo cluster on a throwaway PostgreSQL
# (deploy/local-cluster.sh), `citytwin loadtest --signal walk` over the sample city, then the history's rows and
# bytes as PostgreSQL counts them. Prints one summary line; see docs/performance.md.
# Usage: tests/Benchmarks/history-storage.sh [RATE_HZ] [DURATION]   (defaults 10 and 00:01:00)
set -euo pipefail
cd "$(dirname "$0")/../.."
rate=${1:-10}; duration=${2:-00:01:00}
dir=$(mktemp -d /tmp/citytwin-history-bench.XXXXXX); base=50300
cleanup() { deploy/local-cluster.sh stop --dir "$dir" --purge >/dev/null 2>&1 || true; }
trap cleanup EXIT
dotnet build src/CityTwin.Cli -c Release -nologo -v quiet >/dev/null
deploy/local-cluster.sh start --silos 1 --dir "$dir" --port-base "$base" -- --CityTwin:Limits:MaxConcurrentStreamsPerCaller=64 >/dev/null
pid=$(cat "$dir/silo-1.pid")
dotnet src/CityTwin.Cli/bin/Release/net10.0/citytwin.dll --server "http://127.0.0.1:$((base + 1))" loadtest \
  --bundle scenarios/ordos --rate "$rate" --duration "$duration" --signal walk --host-pid "$pid"
sleep 5   # the history is written behind: let the last batches land
psql=$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | head -n 1); psql=${psql:-psql}
"$psql" -h 127.0.0.1 -p $((base + 80)) -U postgres -d citytwin -At -F ' ' -c "
  select count(*), (select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c
                     where c.relname like 'sensor_reading_%' and c.relkind = 'r')
  from sensor_reading" | {
  read -r points bytes
  echo "history: $points stored points, $bytes bytes in the day partitions (indexes and TOAST included)"
}
