#!/usr/bin/env bash
# Time to a valid wildcard: Certsmith against lego on the same Pebble (PEBBLE_AUTHZREUSE=0) and the same Knot
# (a primary and a secondary that transfers from it), a fresh parent name per run, runs one after another.
#   bench/wildcard/run.sh [RUNS=20] [platform settings...]
#   e.g. bench/wildcard/run.sh 20 --Acme:MaxConcurrentOrders=4
# Certsmith: from POST /api/v1/tenants/{t}/wildcards {"parent": "r<i>.wild.test"} until the API shows the
# certificate valid (polled every POLL_MS), with its propagation check on both Knot servers; the breakdown comes
# from the platform's own log. lego: the wall time of one `lego run --dns rfc2136 --dns.disable-cp` per wildcard.
# Environment knobs:
#   POLL_MS=10            interval between the driver's GETs of the certificate
#   POLL_DELAY=00:00:00.050   Acme:PollInitialDelay of the platform ("default": the client's 200 ms)
#   LEGO_RUNS=RUNS        lego runs (0: none)
#   WARMUP=1              untimed runs first, for each client (account registration, JIT)
#   PEBBLE_NONCEREJECT=0  percent of nonces Pebble rejects (its own default is 5)
#   SKIP_BUILD=1, KEEP_WORK=1 (keep the platform's and lego's logs)
# Everything binds 127.0.0.1 on ports chosen at run time; every process started here is stopped on exit
# (the bench program stops the platform, Pebble and Knot it started; this script stops the bench program).
# Results: the report on stdout and in bench/out/wildcard-<date>.md.
set -euo pipefail

RUNS="${1:-20}"
shift || true
settings=("$@")

here="$(cd "$(dirname "$0")" && pwd)"
bench="$(dirname "$here")"
repo="$(dirname "$bench")"
work="$(mktemp -d -t certsmith-wildcard-XXXXXX)"
log() { echo "${0##*/}: $*" >&2; }

bench_pid=""
cleanup() {
    if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
        # SIGTERM lets the program dispose Knot, Pebble and the platform; then by id if it could not.
        kill "$bench_pid" 2>/dev/null || true
        for _ in $(seq 1 150); do kill -0 "$bench_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$bench_pid" 2>/dev/null || true
    fi
    if [ "${KEEP_WORK:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

missing=()
command -v pebble >/dev/null 2>&1 || missing+=(pebble)
[ -x /usr/sbin/knotd ] || command -v knotd >/dev/null 2>&1 || missing+=(knot)
command -v kdig >/dev/null 2>&1 || missing+=(knot-dnsutils)
command -v lego >/dev/null 2>&1 || missing+=(lego)
[ -x /usr/bin/time ] || missing+=(time)
[ -f /usr/share/publicsuffix/public_suffix_list.dat ] || missing+=(publicsuffix)
if ((${#missing[@]})); then
    log "installing missing Debian packages: ${missing[*]} (apt-get)"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    log "building the platform and the bench (Release)"
    dotnet build "$repo/src/Certsmith.Host/Certsmith.Host.csproj" -c Release -nologo -v:q -clp:NoSummary >/dev/null
    dotnet build "$bench/Certsmith.Bench.Wildcard/Certsmith.Bench.Wildcard.csproj" -c Release -nologo -v:q -clp:NoSummary >/dev/null
fi
server_dll="$repo/src/Certsmith.Host/bin/Release/net10.0/certsmith-server.dll"
bench_dll="$bench/Certsmith.Bench.Wildcard/bin/Release/net10.0/Certsmith.Bench.Wildcard.dll"

mkdir -p "$bench/out"
report="$bench/out/wildcard-$(date -u +%Y-%m-%d-%H%M%S).md"
log "RUNS=$RUNS (load $(cut -d' ' -f1-3 /proc/loadavg)); settings: ${settings[*]:-(none)}"
dotnet "$bench_dll" --server-dll "$server_dll" --runs "$RUNS" --lego-runs "${LEGO_RUNS:-$RUNS}" --warmup "${WARMUP:-1}" \
    --poll-ms "${POLL_MS:-10}" --poll-delay "${POLL_DELAY:-00:00:00.050}" --nonce-reject "${PEBBLE_NONCEREJECT:-0}" \
    --clk-tck "$(getconf CLK_TCK)" --work "$work" --report "$report" -- "${settings[@]}" &
bench_pid=$!
status=0
wait "$bench_pid" || status=$?
bench_pid=""
[ -s "$report" ] && log "written to $report"
exit "$status"
