# Shared by bench/time-to-https/run.sh and bench/platform-throughput/run.sh (sourced, not run):
# starts the whole platform as ./run.sh would (certsmith-server.dll, zero configuration: SQLite, edge,
# API and a local Pebble on 127.0.0.1) in a temporary working directory, finds its Pebble and DNS
# children, watches Pebble for a stall, and stops everything it started on exit.
# The caller sets: bench, repo, work (a temp directory) and calls bench_cleanup from its EXIT trap.

log() { echo "${0##*/}: $*" >&2; }

pids=()
bench_cleanup() {
    local pid
    # The platform stops its Pebble and DNS server on SIGTERM; those are killed by id as well in case it could not.
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [ "${KEEP_WORK:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}

bench_install() { # Debian packages ./run.sh needs, plus the bench's own; installed (saying so) when missing
    local missing=()
    command -v pebble >/dev/null 2>&1 && command -v pebble-challtestsrv >/dev/null 2>&1 || missing+=(pebble)
    [ -f /usr/share/publicsuffix/public_suffix_list.dat ] || missing+=(publicsuffix)
    local extra
    for extra in "$@"; do
        case "$extra" in
        time) [ -x /usr/bin/time ] || missing+=(time) ;;
        *) command -v "$extra" >/dev/null 2>&1 || missing+=("$extra") ;;
        esac
    done
    if ((${#missing[@]})); then
        log "installing missing Debian packages: ${missing[*]} (apt-get)"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

bench_build() { # the server program and the driver, Release (as ./run.sh builds the server)
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
    if [ "${SKIP_BUILD:-0}" != 1 ]; then
        log "building the platform and the driver (Release)"
        dotnet build "$repo/src/Certsmith.Host/Certsmith.Host.csproj" -c Release -nologo -v:q -clp:NoSummary >/dev/null
        dotnet build "$bench/Certsmith.Bench.Platform/Certsmith.Bench.Platform.csproj" -c Release -nologo -v:q -clp:NoSummary >/dev/null
    fi
    server_dll="$repo/src/Certsmith.Host/bin/Release/net10.0/certsmith-server.dll"
    driver_dll="$bench/Certsmith.Bench.Platform/bin/Release/net10.0/Certsmith.Bench.Platform.dll"
}

clk_tck="$(getconf CLK_TCK)"
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# bench_start_platform <settings...>: starts certsmith-server with its working directory $work/platform
# (so .data/ is written there), waits for .data/cli.env, and sets platform_pid, pebble_pid, dns_pid and
# CERTSMITH_URL, CERTSMITH_TOKEN_FILE, CERTSMITH_EDGE_HTTPS_PORT, CERTSMITH_CA_ROOT.
# PEBBLE_GOMAXPROCS (default 1): the platform's Go children inherit GOMAXPROCS from it (the .NET
# process ignores it). Pebble 2.4.0 deadlocks under parallel load with Go's default; see bench/README.md.
bench_start_platform() {
    mkdir -p "$work/platform"
    (
        cd "$work/platform"
        [ "${PEBBLE_GOMAXPROCS:-1}" = default ] || export GOMAXPROCS="${PEBBLE_GOMAXPROCS:-1}"
        # shellcheck disable=SC2086 # PLATFORM_PREFIX is a command line, e.g. "perf record -g -o perf.data --"
        exec ${PLATFORM_PREFIX:-} dotnet "$server_dll" "$@"
    ) >"$work/platform.log" 2>&1 &
    platform_pid=$!
    pids+=("$platform_pid")
    local env="$work/platform/.data/cli.env"
    for _ in $(seq 1 1200); do
        [ -s "$env" ] && grep -q CERTSMITH_CA_ROOT "$env" && break
        if ! kill -0 "$platform_pid" 2>/dev/null; then
            tail -30 "$work/platform.log" >&2
            log "the platform exited during start"
            exit 1
        fi
        sleep 0.05
    done
    [ -s "$env" ] || { tail -30 "$work/platform.log" >&2; log "the platform did not write .data/cli.env within 60 s"; exit 1; }
    CERTSMITH_URL="$(sed -n 's/^export CERTSMITH_URL=//p' "$env")"
    CERTSMITH_EDGE_HTTPS_PORT="$(sed -n 's/^export CERTSMITH_EDGE_HTTPS_PORT=//p' "$env")"
    CERTSMITH_CA_ROOT="$(sed -n 's/^export CERTSMITH_CA_ROOT=//p' "$env")"
    CERTSMITH_TOKEN_FILE="$(sed -n "s/^export CERTSMITH_TOKEN=\"\$(cat '\(.*\)')\"$/\1/p" "$env")"
    [ -s "$CERTSMITH_TOKEN_FILE" ] || { log "cannot find the admin token file in $env"; exit 1; }
    # With PLATFORM_PREFIX (perf) the server is a grandchild: take the dotnet process under the subshell.
    local server
    server="$(pgrep -f -n "$server_dll" -P "$platform_pid" 2>/dev/null || true)"
    [ -n "$server" ] && platform_pid="$server" || true
    pebble_pid="$(pgrep -x pebble -P "$platform_pid" | head -1)"
    dns_pid="$(pgrep -f "^[^ ]*pebble-challtestsrv " -P "$platform_pid" | head -1 || true)"
    [ -n "$pebble_pid" ] || { log "no pebble child of the platform ($platform_pid)"; exit 1; }
    pids+=("$pebble_pid" "$dns_pid")
    log "platform $platform_pid: API $CERTSMITH_URL, edge HTTPS :$CERTSMITH_EDGE_HTTPS_PORT; pebble $pebble_pid, DNS $dns_pid (GOMAXPROCS=${PEBBLE_GOMAXPROCS:-1})"
}

# Watchdog: Pebble's log lives in the platform's memory (so no goroutine dump can be kept), and a stall is
# seen as Pebble using no CPU for 15 s after it started working for this run (a deadlocked Pebble sits on its
# locks). It is only written down (the report says so); the driver's own stall timeout ends the run. It is
# not armed while the driver creates tenants and domains, when Pebble has nothing to do yet.
bench_watchdog_start() {
    (
        first="$(cpu_ticks "$pebble_pid")" prev=-1 same=0
        while sleep 1; do
            now="$(cpu_ticks "$pebble_pid")"
            [ "$now" != "$first" ] || continue
            if [ "$now" = "$prev" ]; then same=$((same + 1)); else same=0; fi
            prev="$now"
            if [ "$same" -ge 15 ]; then
                log "Pebble used no CPU for 15 s while the driver ran: stalled?"
                touch "$work/stalled"
                exit 0
            fi
        done
    ) &
    watchdog_pid=$!
    pids+=("$watchdog_pid")
}
bench_watchdog_stop() {
    kill "$watchdog_pid" 2>/dev/null || true
    wait "$watchdog_pid" 2>/dev/null || true
}
