#!/usr/bin/env bash
# Runs every Certsmith test: installs what the tests need when it is missing, builds with warnings
# as errors, runs all test projects, and ends with one line "N passed, N failed, N skipped".
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter Category=Unit]
set -euo pipefail
cd "$(dirname "$0")"

# Where services run, apt starts and enables the packaged unbound as the machine's resolver on port 53 (and
# points resolv.conf at it when resolvconf is installed). The tests start their own unbound on loopback ports and
# need only the program, so a resolver this script installed is stopped and disabled again.
stop_system_unbound() {
    local sudo="$1"
    if [ -d /run/systemd/system ]; then
        $sudo systemctl disable --now unbound.service >/dev/null 2>&1 || true
    elif [ -x /etc/init.d/unbound ]; then
        $sudo /etc/init.d/unbound stop >/dev/null 2>&1 || true
    fi
}

need_debian_packages() {
    local missing=()
    command -v pebble >/dev/null 2>&1 && command -v pebble-challtestsrv >/dev/null 2>&1 || missing+=(pebble)
    # knotd and knotc live in /usr/sbin, which a non-root PATH may lack.
    { command -v knotd || [ -x /usr/sbin/knotd ]; } >/dev/null 2>&1 || missing+=(knot)
    command -v kdig >/dev/null 2>&1 || missing+=(knot-dnsutils)
    # The recursive resolver between Pebble and Knot (follows CNAMEs across zones); unbound lives in /usr/sbin too.
    { command -v unbound || [ -x /usr/sbin/unbound ]; } >/dev/null 2>&1 || missing+=(unbound)
    [ -f /usr/share/publicsuffix/public_suffix_list.dat ] || missing+=(publicsuffix)
    # The panel's browser tests drive Debian's Chromium through Playwright, which never downloads a browser here.
    # fonts-liberation is only a Recommends of chromium: named so pages render alike where apt skips those.
    [ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
    if ((${#missing[@]})); then
        echo "test.sh: installing Debian packages the tests need: ${missing[*]} (apt-get)" >&2
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
        if [[ " ${missing[*]} " == *" unbound "* ]]; then
            stop_system_unbound "$sudo"
        fi
    fi
}

need_debian_packages

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "test.sh: building (Release, warnings as errors)" >&2
dotnet build Certsmith.slnx -c Release -warnaserror -nologo -v:q -clp:NoSummary

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0
# Test assemblies run one after another; inside each, xunit runs at most two collections at once
# (xunit.runner.json), each with its own Pebble: two saturated cores make Pebble's one-shot DNS
# lookups fail at random (DESIGN.md, test bench facts).
dotnet test Certsmith.slnx -c Release --no-build -m:1 --logger "trx" --results-directory "$results" \
    --logger "console;verbosity=normal" "$@" || status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
    p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    n="$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")"
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
    echo "test.sh: no test ran" >&2
    exit 1
fi
exit "$status"
