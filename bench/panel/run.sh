#!/usr/bin/env bash
# How fast the web panel's pages are for a big tenant.
#   bench/panel/run.sh [SITES=1000] [REQUESTS=50] [bench options...]
#   e.g. bench/panel/run.sh 5000 20 --page-seconds 30
# The API and the panel run inside the bench program on Kestrel at 127.0.0.1:0 over a SQLite store in a temp
# directory (no issuance processor, no edge, no CA). It fills the store (one big tenant with SITES sites of 2
# addresses each, 50 domains, 50 custom certificates; 200 small tenants with 5 sites each; queue items, failing
# certificates, budget charges), signs in as the big tenant's user and as the platform admin, and times every page:
# warm-up, then REQUESTS sequential GETs each (p50/p95/max, size, CPU and allocation per request), one form POST
# (add an address), and each Core call the pages make, alone. Options: --warmup 5 --small-tenants 200 --small-sites 5
# --domains 50 --custom 50 --failing-percent 5 --budget-orders 250 --workers 4 --page-seconds 60 --breakdown-runs 10.
# Knobs: SKIP_BUILD=1. Results: the report on stdout and in bench/out/panel-<date>.md.
set -euo pipefail

SITES="${1:-1000}"
REQUESTS="${2:-50}"
shift 2 || shift $# || true

here="$(cd "$(dirname "$0")" && pwd)"
bench="$(dirname "$here")"
repo="$(dirname "$bench")"
log() { echo "${0##*/}: $*" >&2; }

bench_pid=""
cleanup() {
    if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
        # SIGTERM lets the program stop its server and remove its temp directory; then by id if it could not.
        kill "$bench_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$bench_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$bench_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    log "building (Release)"
    dotnet build "$bench/Certsmith.Bench.Panel/Certsmith.Bench.Panel.csproj" -c Release -nologo -v:q -clp:NoSummary >&2
fi

mkdir -p "$bench/out"
out="$bench/out/panel-$(date -u +%Y%m%d-%H%M%S)-n$SITES.md"
before="$(uptime)"
log "uptime before: $before"
dotnet "$bench/Certsmith.Bench.Panel/bin/Release/net10.0/Certsmith.Bench.Panel.dll" \
    --sites "$SITES" --requests "$REQUESTS" "$@" >"$out.tmp" &
bench_pid=$!
wait "$bench_pid"
bench_pid=""
{
    echo "\`bench/panel/run.sh $SITES $REQUESTS $*\` (commit $(git -C "$repo" rev-parse --short HEAD))"
    echo
    echo "uptime before: $before"
    echo
    cat "$out.tmp"
    echo
    echo "uptime after: $(uptime)"
} >"$out"
rm -f "$out.tmp"
cat "$out"
log "report in $out"
