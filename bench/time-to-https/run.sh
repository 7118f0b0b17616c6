#!/usr/bin/env bash
# Time to HTTPS: the whole platform started as ./run.sh would (local Pebble, PEBBLE_VA_NOSLEEP, no budgets),
# SITES sites created through the API, then one address request per site sent at the same moment; for each,
# the time from sending its request until a verified HTTPS handshake with that SNI succeeds on the edge
# (trusting only the local CA's root, the leaf naming the host), polled every POLL_MS.
#   bench/time-to-https/run.sh [SITES=100] [platform settings...]
#   e.g. bench/time-to-https/run.sh 100 --Acme:MaxConcurrentOrders=32
# Environment knobs:
#   POLL_MS=20            interval between handshake attempts per site
#   DEADLINE_S=60         give up on a site after this long
#   PEBBLE_GOMAXPROCS=1   GOMAXPROCS for the platform's Pebble ("default": Go's own)
#   PLATFORM_PREFIX=      run the server under e.g. "perf record -F 999 -g -o /tmp/perf.data --"
#   SKIP_BUILD=1, KEEP_WORK=1
# Everything binds 127.0.0.1 on ports chosen at run time; every process started here is stopped on exit.
# Results: a summary on stdout and bench/out/time-to-https-<date>.md.
set -euo pipefail

SITES="${1:-100}"
shift || true
settings=("$@")
POLL_MS="${POLL_MS:-20}"
DEADLINE_S="${DEADLINE_S:-60}"

here="$(cd "$(dirname "$0")" && pwd)"
bench="$(dirname "$here")"
repo="$(dirname "$bench")"
work="$(mktemp -d -t certsmith-tth-XXXXXX)"
# shellcheck source=../lib/platform.sh
. "$bench/lib/platform.sh"
trap bench_cleanup EXIT

bench_install
bench_build
bench_start_platform "${settings[@]}"

mkdir -p "$bench/out"
load_before="$(loadavg)"
log "SITES=$SITES poll=${POLL_MS}ms settings: ${settings[*]:-(defaults)} (load $load_before)"
bench_watchdog_start
status=0
dotnet "$driver_dll" time-to-https --api "$CERTSMITH_URL" --token-file "$CERTSMITH_TOKEN_FILE" \
    --edge-port "$CERTSMITH_EDGE_HTTPS_PORT" --ca-root "$CERTSMITH_CA_ROOT" --sites "$SITES" --poll-ms "$POLL_MS" \
    --deadline-s "$DEADLINE_S" --platform-pid "$platform_pid" --pebble-pid "$pebble_pid" --dns-pid "${dns_pid:-0}" \
    --clk-tck "$clk_tck" --results "$work/tth.txt" >"$work/driver.out" 2>&1 || status=$?
bench_watchdog_stop
if [ ! -s "$work/tth.txt" ]; then
    cat "$work/driver.out" >&2
    tail -40 "$work/platform.log" >&2
    log "the driver failed (exit $status)"
    exit 1
fi
r() { sed -n "s/^$1=//p" "$work/tth.txt" | head -1; }
grep '^failure=' "$work/tth.txt" | head -5 >&2 || true
errors="$(grep -E '^(fail|warn): ' "$work/platform.log" | grep -vc 'CertsmithPlatform\[2\]' || true)"

p50="$(r latency_p50_ms)"
p95="$(r latency_p95_ms)"
met_p50="$(awk -v a="$p50" 'BEGIN { print (a < 1000) ? "met" : "NOT met" }')"
met_p95="$(awk -v a="$p95" 'BEGIN { print (a < 3000) ? "met" : "NOT met" }')"
concurrency="$(printf '%s\n' "${settings[@]}" | sed -n 's/^--Acme:MaxConcurrentOrders=//p' | tail -1)"
report="$bench/out/time-to-https-$(date -u +%Y-%m-%d-%H%M%S).md"
if [ "$errors" != 0 ]; then
    grep -E -A4 '^(fail|warn): ' "$work/platform.log" | head -400 >"${report%.md}-platform-warnings.log" || true
fi
poll_delay="$(printf '%s\n' "${settings[@]}" | sed -n 's/^--Acme:PollInitialDelay=//p' | tail -1)"
{
    echo "# Time to HTTPS, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo
    echo "Machine: $(nproc) cores; load average (1/5/15 min) before: $load_before, at the end: $(r load_avg_end)."
    echo "Platform: certsmith-server, zero configuration (SQLite, local Pebble 2.4.0 with PEBBLE_VA_NOSLEEP=1 and its default"
    echo "5% nonce rejection / 50% authorization reuse, GOMAXPROCS=${PEBBLE_GOMAXPROCS:-1}); settings: ${settings[*]:-(none)};"
    echo "Acme:MaxConcurrentOrders=${concurrency:-16 (default)}, Acme:PollInitialDelay=${poll_delay:-200 ms (default)}."
    echo
    echo "| sites | secured | p50 | p95 | max | min | wall (all secured) | handshake poll | platform CPU | Pebble CPU | peak RSS platform / Pebble |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    echo "| $SITES | $(r secured) | $p50 ms | $p95 ms | $(r latency_max_ms) ms | $(r latency_min_ms) ms | $(r wall_s) s | ${POLL_MS} ms ($(r handshakes) handshakes) | $(r platform_cpu_s) s | $(r pebble_cpu_s) s | $(r platform_peak_rss_mb) / $(r pebble_peak_rss_mb) MB |"
    echo
    echo "Targets: p50 < 1 s: **$met_p50** ($p50 ms); p95 < 3 s: **$met_p95** ($p95 ms)."
    echo "Address request (POST) p50 $(r address_request_p50_ms) ms, max $(r address_request_max_ms) ms; driver CPU $(r driver_cpu_s) s; platform warnings/errors logged: $errors."
    [ -e "$work/stalled" ] && echo "**Pebble stalled (watchdog)**."
    echo
    echo '```'
    cat "$work/tth.txt"
    echo '```'
} >"$report"
cat "$report"
log "written to $report"
[ "$(r secured)" = "$SITES" ]
