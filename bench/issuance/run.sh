#!/usr/bin/env bash
# Issuance benchmark: Certsmith.Acme against lego on the same Pebble, with real HTTP-01 validation.
#   bench/issuance/run.sh [N=3000] [CONCURRENCY=32]
# Environment knobs:
#   POLL_MS=50            AcmeClientOptions.PollInitialDelay for the Certsmith client (ms)
#   LEGO_N=20             certificates lego issues (one lego process per certificate); 0 skips lego
#   CLIENT_CPUS=, PEBBLE_CPUS=   taskset CPU lists for the client and for Pebble (empty: not pinned)
#   PEBBLE_GOMAXPROCS=1   GOMAXPROCS for Pebble ("default": Go's own, one per core)
#   PEBBLE_NONCEREJECT=0, PEBBLE_AUTHZREUSE=0   Pebble's nonce rejection and authorization reuse (percent);
#                         bench/platform-throughput/run.sh sets 5 and 50, as the platform's own Pebble runs
#   CLIENT_PREFIX=        command to run the client under, e.g. "perf record -F 999 -g -o /tmp/perf.data --"
#                         (with DOTNET_PerfMapEnabled=1 for .NET symbols)
#   SKIP_BUILD=1          use the last Release build
#   KEEP_WORK=1           keep the work directory (Pebble, responder and lego logs) for a post-mortem
# Everything binds 127.0.0.1 on ports chosen at run time; every process started here is stopped on exit.
# Results: a summary on stdout and bench/out/issuance-<date>.md.
set -euo pipefail

N="${1:-3000}"
CONCURRENCY="${2:-32}"
POLL_MS="${POLL_MS:-50}"
LEGO_N="${LEGO_N:-20}"
CLIENT_CPUS="${CLIENT_CPUS:-}"
PEBBLE_CPUS="${PEBBLE_CPUS:-}"
# Pebble 2.4.0 deadlocks now and then under this load when its goroutines run in parallel (3 stalls
# in 4 runs at N=3000, C=32: new-order requests wait forever on its memory store's lock; see
# bench/README.md); with one OS thread running Go code it completed every run. "default" = Go's own.
PEBBLE_GOMAXPROCS="${PEBBLE_GOMAXPROCS:-1}"
PEBBLE_NONCEREJECT="${PEBBLE_NONCEREJECT:-0}"
PEBBLE_AUTHZREUSE="${PEBBLE_AUTHZREUSE:-0}"

here="$(cd "$(dirname "$0")" && pwd)"
bench="$(dirname "$here")"
repo="$(dirname "$bench")"
log() { echo "run.sh: $*" >&2; }

# 1. Debian packages.
missing=()
command -v pebble >/dev/null 2>&1 && command -v pebble-challtestsrv >/dev/null 2>&1 || missing+=(pebble)
command -v lego >/dev/null 2>&1 || missing+=(lego)
[ -x /usr/bin/time ] || missing+=(time)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v jq >/dev/null 2>&1 || missing+=(jq)
if ((${#missing[@]})); then
    log "installing missing Debian packages: ${missing[*]} (apt-get)"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    log "building the bench programs (Release)"
    for p in Certsmith.Bench.Issuance Certsmith.Bench.Http01Responder; do
        dotnet build "$bench/$p/$p.csproj" -c Release -nologo -v:q -clp:NoSummary >/dev/null
    done
fi
client_dll="$bench/Certsmith.Bench.Issuance/bin/Release/net10.0/Certsmith.Bench.Issuance.dll"
responder_dll="$bench/Certsmith.Bench.Http01Responder/bin/Release/net10.0/Certsmith.Bench.Http01Responder.dll"

work="$(mktemp -d -t certsmith-bench-XXXXXX)"
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [ "${KEEP_WORK:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

pin() { # pin <cpu-list> <command...>: exec under taskset when a list is given (same pid either way)
    local cpus="$1"
    shift
    if [ -n "$cpus" ]; then exec taskset -c "$cpus" "$@"; else exec "$@"; fi
}

wait_tcp() { # wait_tcp <port> <what>
    for _ in $(seq 1 200); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.05
    done
    log "$2 did not open 127.0.0.1:$1"
    exit 1
}

read -r dns_port dns_mgmt_port pebble_port pebble_mgmt_port http_port < <(python3 - <<'EOF'
import socket
socks = []
for _ in range(5):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
)

# 2. Pebble's TLS: a throw-away CA and a 127.0.0.1/localhost server certificate it signed.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=Certsmith bench TLS CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" \
    -keyout "$work/tls-ca.key" -out "$work/tls-ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$work/tls.key" -out "$work/tls.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' >"$work/tls.ext"
openssl x509 -req -in "$work/tls.csr" -CA "$work/tls-ca.pem" -CAkey "$work/tls-ca.key" -CAcreateserial -days 2 \
    -extfile "$work/tls.ext" -out "$work/tls.pem" 2>/dev/null

jq -n --arg listen "127.0.0.1:$pebble_port" --arg mgmt "127.0.0.1:$pebble_mgmt_port" \
    --arg cert "$work/tls.pem" --arg key "$work/tls.key" --argjson http "$http_port" \
    '{pebble: {listenAddress: $listen, managementListenAddress: $mgmt, certificate: $cert, privateKey: $key,
      httpPort: $http, tlsPort: 5001, ocspResponderURL: "", externalAccountBindingRequired: false}}' >"$work/pebble-config.json"

pebble-challtestsrv -defaultIPv6 "" -dns01 "127.0.0.1:$dns_port" -management "127.0.0.1:$dns_mgmt_port" \
    -http01 "" -https01 "" -tlsalpn01 "" >"$work/challtestsrv.log" 2>&1 &
dns_pid=$!
pids+=("$dns_pid")
(
    export PEBBLE_VA_NOSLEEP=1 PEBBLE_AUTHZREUSE="$PEBBLE_AUTHZREUSE" PEBBLE_WFE_NONCEREJECT="$PEBBLE_NONCEREJECT"
    [ "$PEBBLE_GOMAXPROCS" = default ] || export GOMAXPROCS="$PEBBLE_GOMAXPROCS"
    pin "$PEBBLE_CPUS" pebble -config "$work/pebble-config.json" -dnsserver "127.0.0.1:$dns_port"
) >"$work/pebble.log" 2>&1 &
pebble_pid=$!
pids+=("$pebble_pid")
wait_tcp "$dns_mgmt_port" pebble-challtestsrv
wait_tcp "$pebble_port" pebble
directory="https://127.0.0.1:$pebble_port/dir"
curl -fsS --cacert "$work/tls-ca.pem" "$directory" >/dev/null
log "pebble $pebble_pid on 127.0.0.1:$pebble_port (DNS $dns_pid on :$dns_port, HTTP-01 port $http_port)"

# 3. The account key first, so the stateless responder can be given its thumbprint.
thumbprint="$(dotnet "$client_dll" keygen "$work/account.pem")"
dotnet "$responder_dll" "$http_port" "$thumbprint" >"$work/responder.log" 2>&1 &
responder_pid=$!
pids+=("$responder_pid")
wait_tcp "$http_port" "http-01 responder"
[ "$(curl -fsS "http://127.0.0.1:$http_port/.well-known/acme-challenge/probe")" = "probe.$thumbprint" ]

clk_tck="$(getconf CLK_TCK)"
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
vm_hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }

# 4. Certsmith.
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
log "Certsmith: N=$N concurrency=$CONCURRENCY poll=${POLL_MS}ms client-cpus=${CLIENT_CPUS:-any} pebble-cpus=${PEBBLE_CPUS:-any} (load $load_before)"
# Watchdog: when Pebble's log stops growing for 15 s while the client runs, Pebble is stuck; SIGQUIT
# makes the Go runtime write every goroutine's stack to its log, kept in bench/out/ for a post-mortem.
mkdir -p "$bench/out"
(
    prev=-1 same=0
    while sleep 1; do
        size="$(stat -c %s "$work/pebble.log" 2>/dev/null || echo 0)"
        if [ "$size" = "$prev" ]; then same=$((same + 1)); else same=0; fi
        prev="$size"
        if [ "$same" -ge 15 ]; then
            log "Pebble made no progress for 15 s: dumping its goroutines (SIGQUIT)"
            touch "$work/stalled"
            kill -QUIT "$pebble_pid" 2>/dev/null || true
            for _ in $(seq 1 50); do kill -0 "$pebble_pid" 2>/dev/null || break; sleep 0.1; done
            cp "$work/pebble.log" "$bench/out/pebble-stall-$(date -u +%Y-%m-%d-%H%M%S).log"
            log "Pebble's goroutine dump is in bench/out/"
            exit 0
        fi
    done
) &
watchdog_pid=$!
pids+=("$watchdog_pid")
client_status=0
(
    # shellcheck disable=SC2086 # CLIENT_PREFIX is a command line, e.g. "perf record -g -o perf.data --"
    pin "$CLIENT_CPUS" ${CLIENT_PREFIX:-} dotnet "$client_dll" run --directory "$directory" --pin "$work/tls.pem" \
        --account-key "$work/account.pem" --n "$N" --concurrency "$CONCURRENCY" --poll-ms "$POLL_MS" \
        --pebble-pid "$pebble_pid" --responder-pid "$responder_pid" --dns-pid "$dns_pid" --clk-tck "$clk_tck" \
        --results "$work/certsmith.txt"
) >"$work/certsmith.out" 2>&1 || client_status=$?
load_after_certsmith="$(cut -d' ' -f1-3 /proc/loadavg)"
[ -e "$work/stalled" ] || kill "$watchdog_pid" 2>/dev/null || true
wait "$watchdog_pid" 2>/dev/null || true
if [ ! -s "$work/certsmith.txt" ]; then
    cat "$work/certsmith.out" >&2
    log "the Certsmith client failed (exit $client_status)"
    exit 1
fi
r() { sed -n "s/^$1=//p" "$work/certsmith.txt" | head -1; }
grep '^failure=' "$work/certsmith.txt" | head -5 >&2 || true

# 5. lego, one process per certificate, serving HTTP-01 itself on the responder's port.
kill "$responder_pid"
wait "$responder_pid" 2>/dev/null || true
lego_wall=0 lego_user=0 lego_sys=0 lego_peak_kb=0 lego_ok=0 lego_cpu_ms_per_cert=0 lego_per_cert=0 lego_per_min=0 lego_pebble_ms=0
if [ "$LEGO_N" -gt 0 ]; then
    log "lego $(dpkg-query -W -f '${Version}' lego 2>/dev/null): N=$LEGO_N, one run per certificate"
    export LEGO_CA_CERTIFICATES="$work/tls-ca.pem"
    pebble_ticks0="$(cpu_ticks "$pebble_pid")"
    t0="$(date +%s.%N)"
    for i in $(seq 1 "$LEGO_N"); do
        if /usr/bin/time -f "%e %U %S %M" -o "$work/lego-time-$i" \
            lego --server "$directory" --accept-tos --email bench@example.org --domains "l$i.bench.example" \
                --path "$work/lego" --http --http.port "127.0.0.1:$http_port" run >"$work/lego-$i.log" 2>&1; then
            lego_ok=$((lego_ok + 1))
        else
            tail -3 "$work/lego-$i.log" >&2
        fi
    done
    t1="$(date +%s.%N)"
    pebble_ticks1="$(cpu_ticks "$pebble_pid")"
    lego_wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
    read -r lego_user lego_sys lego_peak_kb < <(cat "$work"/lego-time-* | grep -E '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$' |
        awk '{ u += $2; s += $3; if ($4 > m) m = $4 } END { printf "%.2f %.2f %d\n", u, s, m }')
    lego_cpu_ms_per_cert="$(awk -v u="$lego_user" -v s="$lego_sys" -v n="$LEGO_N" 'BEGIN { printf "%.1f", (u + s) * 1000 / n }')"
    lego_per_cert="$(awk -v w="$lego_wall" -v n="$LEGO_N" 'BEGIN { printf "%.2f", w / n }')"
    lego_per_min="$(awk -v w="$lego_wall" -v n="$lego_ok" 'BEGIN { printf "%.1f", n / w * 60 }')"
    lego_pebble_ms="$(awk -v a="$pebble_ticks0" -v b="$pebble_ticks1" -v hz="$clk_tck" -v n="$LEGO_N" 'BEGIN { printf "%.2f", (b - a) * 1000 / hz / n }')"
    lego_certs="$(find "$work/lego/certificates" -name 'l*.bench.example.crt' ! -name '*.issuer.crt' 2>/dev/null | wc -l)"
    lego_named=0
    for i in $(seq 1 "$LEGO_N"); do
        f="$work/lego/certificates/l$i.bench.example.crt"
        [ -s "$f" ] && openssl x509 -in "$f" -noout -ext subjectAltName 2>/dev/null | grep -q "DNS:l$i.bench.example" && lego_named=$((lego_named + 1))
    done
fi
pebble_hwm_mb="$(awk -v k="$(vm_hwm_kb "$pebble_pid")" 'BEGIN { printf "%.0f", k / 1024 }')"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# 6. Summary.
cs_per_min="$(r certs_per_min)"
cs_cpu="$(r client_cpu_ms_per_cert)"
ratio_rate="$(awk -v a="$cs_per_min" -v b="$lego_per_min" 'BEGIN { if (b > 0) printf "%.0f", a / b; else print "n/a" }')"
ratio_cpu="$(awk -v a="$lego_cpu_ms_per_cert" -v b="$cs_cpu" 'BEGIN { if (b > 0 && a > 0) printf "%.1f", a / b; else print "n/a" }')"
stamp="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
pins="client ${CLIENT_CPUS:-unpinned}, Pebble ${PEBBLE_CPUS:-unpinned}"
meets_rate="$(awk -v a="$cs_per_min" 'BEGIN { print (a >= 3000) ? "met" : "NOT met" }')"
meets_cpu="$(awk -v a="$cs_cpu" 'BEGIN { print (a < 10) ? "met" : "NOT met" }')"

mkdir -p "$bench/out"
report="$bench/out/issuance-$(date -u +%Y-%m-%d-%H%M%S).md"
{
    echo "# Issuance benchmark, $stamp"
    echo
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); load average (1/5/15 min) before: $load_before, after Certsmith: $load_after_certsmith, at the end: $load_after."
    echo "Pebble 2.4.0 (PEBBLE_VA_NOSLEEP=1 PEBBLE_AUTHZREUSE=$PEBBLE_AUTHZREUSE PEBBLE_WFE_NONCEREJECT=$PEBBLE_NONCEREJECT), real HTTP-01 validation; CPU pinning: $pins; Pebble GOMAXPROCS=$PEBBLE_GOMAXPROCS."
    echo
    echo "| client | N | concurrency | wall time | certs/min | client CPU/cert | Pebble CPU/cert | peak memory (client) | verified |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    echo "| Certsmith.Acme (poll ${POLL_MS} ms) | $N | $CONCURRENCY | $(r wall_s) s | $cs_per_min | $cs_cpu ms | $(r pebble_cpu_ms_per_cert) ms | $(r client_peak_ws_mb) MB | $(r verified)/$N |"
    if [ "$LEGO_N" -gt 0 ]; then
        echo "| lego 4.9.1 CLI, one run per cert | $LEGO_N | 1 | $lego_wall s ($lego_per_cert s/cert) | $lego_per_min | $lego_cpu_ms_per_cert ms | $lego_pebble_ms ms | $((lego_peak_kb / 1024)) MB (max RSS of one run) | $lego_named/$LEGO_N |"
    fi
    echo
    echo "Ratios: certificates/minute Certsmith/lego = **${ratio_rate}x**; client CPU per certificate lego/Certsmith = **${ratio_cpu}x**."
    echo "Targets: >= 3,000 certificates/minute: **$meets_rate** ($cs_per_min); < 10 ms client CPU/certificate: **$meets_cpu** ($cs_cpu ms)."
    echo "Pebble peak RSS (VmHWM, whole run): $pebble_hwm_mb MB."
    echo
    echo "Certsmith details:"
    echo
    echo '```'
    cat "$work/certsmith.txt"
    echo '```'
    if [ "$LEGO_N" -gt 0 ]; then
        echo
        echo "lego: $lego_ok/$LEGO_N runs succeeded, $lego_certs certificate files, user $lego_user s + sys $lego_sys s over all runs."
    fi
} >"$report"
cat "$report"
log "written to $report"
if [ "$(r verified)" != "$N" ]; then exit 1; fi
