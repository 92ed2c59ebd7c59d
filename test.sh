#!/usr/bin/env bash
# Runs the whole CityTwin test suite on a fresh Debian machine and ends with one line: "N passed, N failed".
# Installs what the suite needs (PostgreSQL server binaries for the tests that start a throwaway server).
set -uo pipefail
cd "$(dirname "$0")"

need_pg() { [ -z "${CITYTWIN_TEST_PG:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
if need_pg; then
  echo "test.sh: installing PostgreSQL (Debian package 'postgresql') for the storage tests"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null \
    || { echo "test.sh: could not install PostgreSQL; set CITYTWIN_TEST_PG to a server's connection string instead"; echo "0 passed, 1 failed"; exit 1; }
fi
command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK is required (dotnet not on PATH)"; echo "0 passed, 1 failed"; exit 1; }

# --soak runs only the long cluster runs (rolling restarts, repeated kills; minutes); without it they are left out.
filter="Category!=Soak"
args=()
for a in "$@"; do
  if [ "$a" = "--soak" ]; then filter="Category=Soak"; else args+=("$a"); fi
done

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

if ! dotnet build CityTwin.sln -c Release -nologo -v quiet; then
  echo "test.sh: the build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# A test that hangs is stopped after 10 minutes and named in the output, so a run always ends.
hang=(--blame-hang-timeout 10m --blame-hang-dump-type none)
dotnet test CityTwin.sln -c Release --no-build -nologo -v quiet "${hang[@]}" \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" \
  --filter "$filter&FullyQualifiedName!~CityTwin.Cluster.Tests" "${args[@]+"${args[@]}"}"
status=$?
# The real-process cluster tests run PostgreSQL and three silos: on their own, after the rest, so that neither
# slows the other's timing-sensitive tests on a small machine.
dotnet test tests/CityTwin.Cluster.Tests -c Release --no-build -nologo -v quiet "${hang[@]}" \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" --filter "$filter" "${args[@]+"${args[@]}"}" \
  || status=1

# Sum the counters of every TRX file; dotnet test's own summary is per project.
passed=0; failed=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); t=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$files" -eq 0 ] || [ "$passed" -eq 0 ]; then status=1; [ "$failed" -eq 0 ] && failed=1; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
