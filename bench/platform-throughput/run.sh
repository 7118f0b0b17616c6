#!/usr/bin/env bash
# Platform throughput: N addresses through the whole platform, end to end, against the ACME client library's
# own figure and lego in the same run.
#   bench/platform-throughput/run.sh [N=3000] [platform settings...]
#   e.g. bench/platform-throughput/run.sh 3000 --Acme:MaxConcurrentOrders=64
# 1. Starts the platform as ./run.sh would (zero configuration: SQLite, edge, API, local Pebble 2.4.0 with
#    PEBBLE_VA_NOSLEEP=1, no budgets) in a temporary working directory.
# 2. Creates N sites with one address each through the REST API as fast as it takes them (API_CONCURRENCY
#    callers), reads the tenant's certificate list every LIST_MS until all N are valid, and checks a sample
#    with verified handshakes on the edge. Wall time, certificates/minute, CPU per certificate of the
#    platform process and of its Pebble (/proc/<pid>/stat), peak memory (VmHWM) of both.
# 3. Stops the platform, then runs bench/issuance/run.sh (the library alone, same N, the platform's
#    concurrency and poll delay, Pebble configured as the platform's: 5% nonce rejection, 50% authorization
#    reuse, GOMAXPROCS=1) and lego once per certificate (LEGO_N) on that Pebble — the platform's Pebble
#    validates against the edge's port, where lego cannot listen.
# Environment knobs: API_CONCURRENCY=8, TENANTS=1 (address i belongs to tenant i % TENANTS, each with its own domain), LIST_MS=1000, VERIFY=100 (handshakes checked after the run),
#   LIB_N=N (0 skips the library and lego), LEGO_N=20, PEBBLE_GOMAXPROCS=1, PLATFORM_PREFIX= (e.g. perf record),
#   SKIP_BUILD=1, KEEP_WORK=1.
# Everything binds 127.0.0.1 on ports chosen at run time; every process started here is stopped on exit.
# Results: a summary on stdout and bench/out/platform-throughput-<date>.md.
set -euo pipefail

N="${1:-3000}"
shift || true
settings=("$@")
API_CONCURRENCY="${API_CONCURRENCY:-8}"
TENANTS="${TENANTS:-1}"
LIST_MS="${LIST_MS:-1000}"
VERIFY="${VERIFY:-100}"
LIB_N="${LIB_N:-$N}"
LEGO_N="${LEGO_N:-20}"

here="$(cd "$(dirname "$0")" && pwd)"
bench="$(dirname "$here")"
repo="$(dirname "$bench")"
work="$(mktemp -d -t certsmith-tp-XXXXXX)"
# shellcheck source=../lib/platform.sh
. "$bench/lib/platform.sh"
trap bench_cleanup EXIT

bench_install
bench_build
concurrency="$(printf '%s\n' "${settings[@]}" | sed -n 's/^--Acme:MaxConcurrentOrders=//p' | tail -1)"
concurrency="${concurrency:-16}"
# The platform's ACME poll delay (Acme:PollInitialDelay, hh:mm:ss.fff), in ms for the library run; default 200.
poll_ms="$(printf '%s\n' "${settings[@]}" | sed -n 's/^--Acme:PollInitialDelay=//p' | tail -1 |
    awk -F: 'NF == 3 { printf "%d", ($1 * 3600 + $2 * 60 + $3) * 1000 }')"
poll_ms="${poll_ms:-200}"
bench_start_platform "${settings[@]}"

mkdir -p "$bench/out"
load_before="$(loadavg)"
log "platform: N=$N, settings: ${settings[*]:-(defaults)} (MaxConcurrentOrders=$concurrency), load $load_before"
bench_watchdog_start
status=0
dotnet "$driver_dll" throughput --api "$CERTSMITH_URL" --token-file "$CERTSMITH_TOKEN_FILE" \
    --edge-port "$CERTSMITH_EDGE_HTTPS_PORT" --ca-root "$CERTSMITH_CA_ROOT" --n "$N" --tenants "$TENANTS" --api-concurrency "$API_CONCURRENCY" \
    --list-interval-ms "$LIST_MS" --verify "$VERIFY" --platform-pid "$platform_pid" --pebble-pid "$pebble_pid" \
    --dns-pid "${dns_pid:-0}" --clk-tck "$clk_tck" --results "$work/platform.txt" >"$work/driver.out" 2>&1 || status=$?
bench_watchdog_stop
load_after_platform="$(loadavg)"
if [ ! -s "$work/platform.txt" ]; then
    cat "$work/driver.out" >&2
    tail -40 "$work/platform.log" >&2
    log "the driver failed (exit $status)"
    exit 1
fi
r() { sed -n "s/^$1=//p" "$work/platform.txt" | head -1; }
grep '^failure=' "$work/platform.txt" | head -5 >&2 || true
errors="$(grep -E '^(fail|warn): ' "$work/platform.log" | grep -vc 'CertsmithPlatform\[2\]' || true)"
stalled=no
[ -e "$work/stalled" ] && stalled=yes
log "platform: $(r valid)/$N valid in $(r wall_s) s = $(r certs_per_min)/min; stopping it"
# Stop the platform (and its Pebble) before the library runs, so they do not share the cores.
kill "$platform_pid" 2>/dev/null || true
for _ in $(seq 1 200); do kill -0 "$platform_pid" 2>/dev/null || break; sleep 0.05; done

# 3. The library alone and lego, from bench/issuance/run.sh, with the platform's concurrency and poll delay.
lib_report=""
if [ "$LIB_N" -gt 0 ]; then
    log "library: bench/issuance/run.sh $LIB_N $concurrency (poll $poll_ms ms, nonce rejection 5%, authz reuse 50%), lego N=$LEGO_N"
    if POLL_MS="$poll_ms" PEBBLE_NONCEREJECT=5 PEBBLE_AUTHZREUSE=50 LEGO_N="$LEGO_N" SKIP_BUILD="${SKIP_BUILD:-0}" \
        "$bench/issuance/run.sh" "$LIB_N" "$concurrency" >"$work/issuance.out" 2>"$work/issuance.err"; then :; else
        tail -20 "$work/issuance.err" >&2
        log "the library benchmark failed; its figures are left out"
    fi
    lib_report="$(sed -n 's/^run.sh: written to //p' "$work/issuance.err" | tail -1)"
fi
lr() { [ -n "$lib_report" ] && sed -n "s/^$1=//p" "$lib_report" | head -1; }
lego_row=""
[ -n "$lib_report" ] && lego_row="$(grep '^| lego' "$lib_report" || true)"

platform_rate="$(r certs_per_min)"
lib_rate="$(lr certs_per_min || true)"
ratio="$(awk -v a="$platform_rate" -v b="${lib_rate:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
met_rate="$(awk -v a="$platform_rate" 'BEGIN { print (a >= 3000) ? "met" : "NOT met" }')"
report="$bench/out/platform-throughput-$(date -u +%Y-%m-%d-%H%M%S).md"
if [ "$errors" != 0 ]; then
    grep -E -A4 '^(fail|warn): ' "$work/platform.log" | head -400 >"${report%.md}-platform-warnings.log" || true
fi
{
    echo "# Platform throughput, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo
    echo "Machine: $(nproc) cores; load average (1/5/15 min) before the platform: $load_before, after it: $load_after_platform."
    echo "Platform: certsmith-server, zero configuration (SQLite, local Pebble 2.4.0: PEBBLE_VA_NOSLEEP=1, its default 5% nonce"
    echo "rejection and 50% authorization reuse, GOMAXPROCS=${PEBBLE_GOMAXPROCS:-1}); settings: ${settings[*]:-(none)};"
    echo "Acme:MaxConcurrentOrders=$concurrency (default 16), ACME poll delay (Acme:PollInitialDelay) $poll_ms ms (default 200)."
    echo
    echo "| what | N | concurrency | wall time | certs/min | CPU/cert (client or platform) | Pebble CPU/cert | peak memory |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    echo "| platform (API -> edge), SQLite, $TENANTS tenant(s) | $N | $concurrency | $(r wall_s) s | **$platform_rate** | $(r platform_cpu_ms_per_cert) ms | $(r pebble_cpu_ms_per_cert) ms | platform $(r platform_peak_rss_mb) MB, Pebble $(r pebble_peak_rss_mb) MB (VmHWM) |"
    if [ -n "$lib_report" ]; then
        echo "| library alone (Certsmith.Acme, poll $poll_ms ms) | $LIB_N | $concurrency | $(lr wall_s) s | **$lib_rate** | $(lr client_cpu_ms_per_cert) ms | $(lr pebble_cpu_ms_per_cert) ms | client $(lr client_peak_ws_mb) MB |"
        [ -n "$lego_row" ] && echo "$lego_row" | awk -F'|' -v OFS='|' '{ print "", " lego CLI, one run per cert (lego serves HTTP-01 itself) ", $3, $4, $5, $6, $7, $8, $9, "" }'
    fi
    echo
    echo "Ratio platform/library (certificates/minute): **$ratio**. Target >= 3,000 certificates/minute: **$met_rate** ($platform_rate)."
    echo "Addresses created through the API: $(r addresses_created) in $(r api_creation_s) s ($(r api_addresses_per_s)/s with $API_CONCURRENCY callers, site + address each);"
    echo "platform CPU while the API phase ran: $(r platform_cpu_during_creation_s) s (Pebble $(r pebble_cpu_during_creation_s) s); certificates with a retried attempt: $(r with_last_error); verified handshakes after the run: $(r verified_handshakes) (longest wait for the edge to serve a name the list called valid: $(r verify_max_wait_ms) ms);"
    echo "platform warnings/errors logged: $errors$([ "$errors" = 0 ] || echo " (first ones in ${report%.md}-platform-warnings.log)"); Pebble stalled: $stalled; driver CPU $(r driver_cpu_s) s; certificate list read $(r list_polls) times, $(r list_avg_ms) ms each."
    [ -n "$lib_report" ] && echo "Library run: $lib_report (load average before it: $(sed -n 's/.*load average (1\/5\/15 min) before: \([0-9. ]*\),.*/\1/p' "$lib_report" | head -1))."
    echo
    echo '```'
    cat "$work/platform.txt"
    echo '```'
} >"$report"
cat "$report"
log "written to $report"
[ "$(r valid)" = "$N" ]
