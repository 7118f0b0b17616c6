#!/usr/bin/env bash
# The edge at hosting scale against HAProxy: bench/edge-scale/run.sh [N=10000] [SECONDS=10]
# Generates N ECDSA P-256 certificates once (cached under bench/out/edge-scale/N), serves them with the
# Certsmith edge and with HAProxy (crt-list) in one run on 127.0.0.1, server pinned to core 0 and the
# load generator (hsload.c, OpenSSL) to core 1, and prints key=value figures plus a summary with ratios.
# Every process it starts is stopped on exit. Not part of the test suite.
set -euo pipefail
N=${1:-10000}
SECONDS_PER_RUN=${2:-10}
WORKERS=${WORKERS:-16}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/bench/out/edge-scale
DIR=$OUT/$N
mkdir -p "$OUT"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=$OUT/results-$N-$STAMP.txt
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

say() { echo "$*" | tee -a "$RESULTS"; }
load() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/'; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

for p in haproxy gcc; do
  command -v "$p" >/dev/null || { echo "installing $p (Debian package)"; apt-get install -y "$p" >/dev/null; }
done
[ -f /usr/include/openssl/ssl.h ] || { echo "installing libssl-dev"; apt-get install -y libssl-dev >/dev/null; }
gcc -O2 -Wall -o "$OUT/hsload" "$ROOT/bench/edge-scale/hsload.c" -lssl -lcrypto
dotnet build "$ROOT/bench/Certsmith.Bench.EdgeScale" -c Release -v q -nologo >/dev/null
BENCH="dotnet $ROOT/bench/Certsmith.Bench.EdgeScale/bin/Release/net10.0/Certsmith.Bench.EdgeScale.dll"
HS="taskset -c $CLIENT_CPU $OUT/hsload"
$BENCH prepare "$DIR" "$N"
head -20 "$DIR/names.txt" > "$OUT/hot20-$N.txt"

say "# edge-scale N=$N seconds=$SECONDS_PER_RUN workers=$WORKERS $(date -u +%FT%TZ) cores=$(nproc) server_cpu=$SERVER_CPU client_cpu=$CLIENT_CPU"
say "# $(haproxy -v | head -1); $(openssl version); dotnet $(dotnet --list-runtimes | grep NETCore | tail -1 | cut -d' ' -f2)"

# One measured phase: hsload <mode> against a server, with the load average next to it.
phase() { # name port mode pid [names]
  local name=$1 port=$2 mode=$3 pid=$4 names=${5:-$DIR/names.txt} out
  if [ "$mode" = sweep ]; then out=$($HS sweep "$port" "$names" "$WORKERS" "$pid"); else out=$($HS "$mode" "$port" "$names" "$SECONDS_PER_RUN" "$WORKERS" "$pid"); fi
  say "$name $out load=$(load)"
}

# --- Certsmith edge --------------------------------------------------------------------------------------
EMPTY=$(mktemp -d)
edge_mem() { echo mem >&"${EDGE[1]}"; local line; read -r -t 60 -u "${EDGE[0]}" line; echo "${line#mem }"; }
coproc EDGE { exec taskset -c "$SERVER_CPU" $BENCH serve "$EMPTY" "$(free_port)" 2>&1; }
pids+=("$EDGE_PID"); read -r -t 60 -u "${EDGE[0]}" line
say "edge.empty $line $(edge_mem) load=$(load)"
echo quit >&"${EDGE[1]}"; wait "$EDGE_PID" || true
rm -rf "$EMPTY"

PORT=$(free_port)
START=$(date +%s%N)
coproc EDGE { exec taskset -c "$SERVER_CPU" $BENCH serve "$DIR" "$PORT" 2>&1; }
EPID=$EDGE_PID; pids+=("$EPID")
say "edge.start $($HS wait "$PORT" "$DIR/names.txt" "$START" "$EPID") load=$(load)"
read -r -t 60 -u "${EDGE[0]}" line
say "edge.loaded $line $(edge_mem) rss_kb=$(rss_kb "$EPID") load=$(load)"
phase edge.sweep "$PORT" sweep "$EPID"
say "edge.touched $(edge_mem) rss_kb=$(rss_kb "$EPID") load=$(load)"
phase edge.full "$PORT" full "$EPID"
phase edge.resume "$PORT" resume "$EPID"
phase edge.hot20 "$PORT" full "$EPID" "$OUT/hot20-$N.txt"
phase edge.hot20resume "$PORT" resume "$EPID" "$OUT/hot20-$N.txt"
# A certificate retired and restored (a new version) in the store, three times, while full handshakes for the
# other names go on: how long until the edge serves the change, and whether any other handshake failed meanwhile.
$HS full "$PORT" "$DIR/names.txt" 6 "$WORKERS" "$EPID" > "$OUT/during-change-$N.txt" 2>&1 &
LOADPID=$!; pids+=("$LOADPID")
for k in 1 2 3; do
  sleep 1
  echo "change $(sed -n "$((k * N / 4))p" "$DIR/names.txt")" >&"${EDGE[1]}"; read -r -t 60 -u "${EDGE[0]}" line
  say "edge.change$k ${line#change } load=$(load)"
done
wait "$LOADPID" || true
say "edge.duringchange $(grep '^mode=' "$OUT/during-change-$N.txt") load=$(load)"
grep '^hsload:' "$OUT/during-change-$N.txt" | tee -a "$RESULTS" || true
echo "changed: $(sed -n "$((N / 4))p;$((N / 2))p;$((3 * N / 4))p" "$DIR/names.txt" | tr '\n' ' ')" | tee -a "$RESULTS"
echo quit >&"${EDGE[1]}"; wait "$EPID" || true

# --- HAProxy ---------------------------------------------------------------------------------------------
PORT=$(free_port)
CFG=$OUT/haproxy-$N.cfg
cat > "$CFG" <<CFG
global
  nbthread 1
  maxconn 4000
  log stderr format raw local0 err
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend fe
  bind 127.0.0.1:$PORT ssl crt-list $DIR/haproxy/crt-list.txt strict-sni alpn h2,http/1.1 ssl-min-ver TLSv1.2
  http-request return status 200 content-type text/plain string ok
CFG
START=$(date +%s%N)
taskset -c "$SERVER_CPU" haproxy -f "$CFG" -db > "$OUT/haproxy-$N.log" 2>&1 &
# taskset execs haproxy: $! is haproxy itself.
HPID=$!; pids+=("$HPID")
say "haproxy.start $($HS wait "$PORT" "$DIR/names.txt" "$START" "$HPID") load=$(load)"
say "haproxy.loaded rss_kb=$(rss_kb "$HPID") load=$(load)"
phase haproxy.sweep "$PORT" sweep "$HPID"
say "haproxy.touched rss_kb=$(rss_kb "$HPID") load=$(load)"
phase haproxy.full "$PORT" full "$HPID"
phase haproxy.resume "$PORT" resume "$HPID"
phase haproxy.hot20 "$PORT" full "$HPID" "$OUT/hot20-$N.txt"
phase haproxy.hot20resume "$PORT" resume "$HPID" "$OUT/hot20-$N.txt"
kill "$HPID"; wait "$HPID" 2>/dev/null || true

python3 "$ROOT/bench/edge-scale/summary.py" "$RESULTS" "$N" | tee -a "$RESULTS"
echo "results: $RESULTS"
