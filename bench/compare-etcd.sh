#!/usr/bin/env bash
# Tally vs etcd 3.4 on this machine, in one run, with one load generator (`tally bench`).
#
#   bench/compare-etcd.sh                 # about 7 minutes with the defaults
#   WITH_HAZELCAST=1 bench/compare-etcd.sh   # also runs ../shared/peers/run-hazelcast.sh (about 3 more minutes)
#
# 1. starts a 3-member etcd cluster on 127.0.0.1 (Debian etcd-server, installed only if missing),
#    runs the workloads with `tally bench --target etcd` (etcd's v3 JSON gateway), stops it;
# 2. starts 3 `tally node` processes from tally-cli/target/tally.jar (fsync on, --bootstrap-expect 3),
#    runs the same workloads with `tally bench`, stops them;
# 3. prints one table (workload, Tally ops/s p50 p99, etcd ops/s p50 p99, ratio, goal of issue #6) and
#    appends it with every figure line to bench/results/compare-<date>.txt.
#
# Only processes this script started are stopped (by PID, also on error or Ctrl-C); everything listens
# on 127.0.0.1; every load run is bounded in time (WARMUP + DURATION, plus `timeout`) and in count (MAX_OPS).
#
# Knobs (environment): CLIENTS (64), WARMUP (10 s, not measured), DURATION (15 s, measured), MAX_OPS
# (5000000 per run), KEYS (10000: keys of the put/get runs), CTR_KEYS (1000: counter keys of the
# increment run), VALUE_SIZE (16 bytes), ETCD_BASE (24379: member i gets client port BASE+2(i-1),
# peer port that +1), TALLY_BASE (27001: node i gets HTTP BASE+i-1, peer BASE+100+i-1),
# WORK (/tmp/tally-compare: data dirs and logs), BUILD (1: package the jar first with build/mvn; 0: use
# the jar as it is), NODE_JOPTS (JVM flags of the nodes), BENCH_JOPTS (of the load generator),
# QUIET_WAIT / QUIET_MAX (wait up to QUIET_WAIT s before each run for other processes to use less than
# QUIET_MAX cores; then measure anyway and say so), SERVER_WARMUP (20 s: before the measured runs of each
# system, that long of values (half reads) and that long of counter increments, not measured: the Tally
# nodes are JVMs whose JIT needs it; etcd gets the same), WITH_HAZELCAST (0).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEERS="${PEERS:-$ROOT/../shared/peers}"
CLIENTS=${CLIENTS:-64}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-15}
MAX_OPS=${MAX_OPS:-5000000}
KEYS=${KEYS:-10000}
CTR_KEYS=${CTR_KEYS:-1000}
VALUE_SIZE=${VALUE_SIZE:-16}
ETCD_BASE=${ETCD_BASE:-24379}
TALLY_BASE=${TALLY_BASE:-27001}
WORK=${WORK:-/tmp/tally-compare}
BUILD=${BUILD:-1}
NODE_JOPTS=${NODE_JOPTS:-}
BENCH_JOPTS=${BENCH_JOPTS:--XX:+UseSerialGC -Xmx512m}
SERVER_WARMUP=${SERVER_WARMUP:-20}
QUIET_WAIT=${QUIET_WAIT:-10}
QUIET_MAX=${QUIET_MAX:-0.3}
WITH_HAZELCAST=${WITH_HAZELCAST:-0}
JAR="$ROOT/tally-cli/target/tally.jar"
STAMP="$(date +%Y%m%d-%H%M%S)"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
RESULTS="$ROOT/bench/results/compare-$STAMP.txt"

say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# ---- processes we started: PID list, stopped by PID only ----
STARTED=()
stop_started() {
  local pid i
  for pid in "${STARTED[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for pid in "${STARTED[@]:-}"; do
    [ -n "$pid" ] || continue
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then say "pid $pid did not stop in 10 s: SIGKILL"; kill -9 "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
  done
  STARTED=()
}
trap stop_started EXIT
trap 'exit 130' INT TERM

launch() { # launch LOG CMD... : start in the background, record the PID
  local logf="$1"; shift
  "$@" >"$logf" 2>&1 &
  STARTED+=("$!")
  say "started pid $! ($1 ..., log $logf)"
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
need_free() { if listening "$1"; then die "port $1 on 127.0.0.1 is in use; set ETCD_BASE/TALLY_BASE to free ports"; fi; }

# ---- CPU of other processes: /proc/stat busy ticks minus our processes' ticks ----
busy_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
our_ticks() {
  local sum=0 pid
  for pid in "${STARTED[@]:-}"; do
    [ -r "/proc/$pid/stat" ] && sum=$((sum + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
  done
  echo "$sum"
}
wait_quiet() {
  local waited=0 b0 o0 b1 o1 other
  while :; do
    b0=$(busy_ticks); o0=$(our_ticks); sleep 1; b1=$(busy_ticks); o1=$(our_ticks)
    other=$(awk -v t=$(( (b1 - b0) - (o1 - o0) )) 'BEGIN { printf "%.2f", t / 100 }')
    if awk -v o="$other" -v m="$QUIET_MAX" 'BEGIN { exit !(o < m) }'; then return 0; fi
    waited=$((waited + 1))
    if [ "$waited" -ge "$QUIET_WAIT" ]; then say "other processes use $other cores; measuring anyway"; return 0; fi
  done
}

# ---- a JDK >= 21 for the jar ----
find_java() {
  local c
  for c in ${TALLY_JDK:-} ${JAVA_HOME:-} $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
    if [ -x "$c/bin/java" ] && "$c/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
      JAVA="$c/bin/java"; return 0
    fi
  done
  die "no JDK 21 or newer found (set TALLY_JDK)"
}
find_java
JVM_COMMON=()
"$JAVA" -version 2>&1 | grep -qE 'version "(2[4-9]|[3-9][0-9])' && JVM_COMMON+=(--sun-misc-unsafe-memory-access=allow)

if [ "$BUILD" = 1 ]; then
  say "packaging tally-cli/target/tally.jar (build/mvn, waits for the machine-wide build lock)"
  "$ROOT/build/mvn" -q -o -DskipTests -pl tally-cli -am package >"$WORK.build.log" 2>&1 ||
    { tail -30 "$WORK.build.log" >&2; die "the build failed (log $WORK.build.log)"; }
fi
[ -f "$JAR" ] || die "$JAR is missing (run with BUILD=1)"

rm -rf "$WORK"; mkdir -p "$WORK" "$ROOT/bench/results"
FIG="$WORK/figures.txt"; : >"$FIG"

# warm_servers ARGS... : unmeasured load so the servers' JIT is warm before the first figure
warm_servers() {
  [ "$SERVER_WARMUP" -gt 0 ] || return 0
  say "warming the servers up: ${SERVER_WARMUP}s of values, ${SERVER_WARMUP}s of counters (not measured)"
  local w
  for w in value counter; do
    timeout $((SERVER_WARMUP + 120)) "$JAVA" "${JVM_COMMON[@]}" $BENCH_JOPTS -jar "$JAR" bench --endpoints "$EPS" \
      --clients "$CLIENTS" --warmup 0s --duration "${SERVER_WARMUP}s" --ops-max "$MAX_OPS" --value-size "$VALUE_SIZE" \
      --workload "$w" --reads 0.5 --keys "$CTR_KEYS" --key-prefix warm "$@" >/dev/null 2>>"$WORK/bench.err" || true
  done
}

# bench LABEL ARGS... : one bounded `tally bench` run against $EPS; its figure line goes to $FIG
bench() {
  local label="$1" pids line; shift
  pids=$(IFS=,; echo "${STARTED[*]}")
  wait_quiet
  say "bench: $label"
  line=$(timeout $((WARMUP + DURATION + 180)) "$JAVA" "${JVM_COMMON[@]}" $BENCH_JOPTS -jar "$JAR" bench \
      --endpoints "$EPS" --clients "$CLIENTS" --warmup "${WARMUP}s" --duration "${DURATION}s" --ops-max "$MAX_OPS" \
      --value-size "$VALUE_SIZE" --server-pids "$pids" --label "$label" "$@" 2>>"$WORK/bench.err" | grep -m1 "^$label: ") ||
    line="$label: FAILED (see $WORK/bench.err)"
  echo "$line" | tee -a "$FIG"
}

# ---- 1. etcd ----
if ! command -v etcd >/dev/null 2>&1; then
  say "installing etcd-server and etcd-client (apt-get)"
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y etcd-server etcd-client >/dev/null 2>&1 ||
    { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y etcd-server etcd-client >/dev/null; }
fi
ETCD_VERSION=$(etcd --version 2>/dev/null | awk '/etcd Version/{print $3}')
initial="" EPS=""
for i in 1 2 3; do
  initial+="${initial:+,}m$i=http://127.0.0.1:$((ETCD_BASE + 2 * i - 1))"
  EPS+="${EPS:+,}127.0.0.1:$((ETCD_BASE + 2 * i - 2))"
done
for i in 1 2 3; do
  c=$((ETCD_BASE + 2 * i - 2)); p=$((c + 1)); need_free "$c"; need_free "$p"
  launch "$WORK/etcd-m$i.log" etcd --name "m$i" --data-dir "$WORK/etcd-m$i" \
    --listen-client-urls "http://127.0.0.1:$c" --advertise-client-urls "http://127.0.0.1:$c" \
    --listen-peer-urls "http://127.0.0.1:$p" --initial-advertise-peer-urls "http://127.0.0.1:$p" \
    --initial-cluster "$initial" --initial-cluster-token "tally-compare" --initial-cluster-state new \
    --logger zap --log-outputs stderr
done
for i in $(seq 1 120); do
  ok=0
  for e in ${EPS//,/ }; do if curl -s -m 2 "http://$e/health" | grep -q '"health":"true"'; then ok=$((ok + 1)); fi; done
  [ "$ok" = 3 ] && break
  [ "$i" = 120 ] && die "etcd did not become healthy in 60 s (logs in $WORK)"
  sleep 0.5
done
say "etcd $ETCD_VERSION: 3 members healthy at $EPS"
warm_servers --target etcd
bench "etcd3 put" --target etcd --workload value --keys "$KEYS" --key-prefix cmp-v
bench "etcd3 get (linearizable)" --target etcd --workload value --reads 1 --keys "$KEYS" --key-prefix cmp-v
bench "etcd3 cas-incr $CTR_KEYS keys" --target etcd --workload counter --keys "$CTR_KEYS"
bench "etcd3 cas-incr 1 key" --target etcd --workload counter --keys 1
stop_started

# ---- 2. Tally ----
EPS=""
for i in 1 2 3; do
  h=$((TALLY_BASE + i - 1)); p=$((TALLY_BASE + 100 + i - 1)); need_free "$h"; need_free "$p"
  EPS+="${EPS:+,}127.0.0.1:$h"
done
for i in 1 2 3; do
  h=$((TALLY_BASE + i - 1)); p=$((TALLY_BASE + 100 + i - 1))
  join=(); [ "$i" -gt 1 ] && join=(--join "127.0.0.1:$((TALLY_BASE + 100))")
  launch "$WORK/tally-n$i.log" "$JAVA" "${JVM_COMMON[@]}" $NODE_JOPTS -jar "$JAR" node --id "n$i" \
    --data-dir "$WORK/tally-n$i" --http "127.0.0.1:$h" --peer "127.0.0.1:$p" --fsync=true --bootstrap-expect 3 "${join[@]}"
done
for i in $(seq 1 240); do
  leaders=""
  for e in ${EPS//,/ }; do
    leaders+="$(curl -s -m 2 "http://$e/v1/cluster" 2>/dev/null | grep -o '"leader":"[^"]*"' | head -1 || true) "
  done
  set -- $leaders
  [ $# = 3 ] && [ "$1" = "$2" ] && [ "$2" = "$3" ] && break
  [ "$i" = 240 ] && die "the Tally nodes did not agree on a leader in 120 s (logs in $WORK)"
  sleep 0.5
done
say "tally: 3 nodes agree on $1 at $EPS"
warm_servers
bench "tally3 incr $CTR_KEYS keys" --workload counter --keys "$CTR_KEYS"
bench "tally3 put" --workload value --keys "$KEYS" --key-prefix cmp-v
bench "tally3 get (linearizable)" --workload value --reads 1 --keys "$KEYS" --key-prefix cmp-v
bench "tally3 incr 1 key" --workload counter --keys 1
stop_started

# ---- 3. Hazelcast CP IAtomicLong (optional; else the latest recorded figure) ----
HZ_NOTE="recorded"
if [ "$WITH_HAZELCAST" = 1 ]; then
  say "running $PEERS/run-hazelcast.sh"
  hz=$(timeout 900 "$PEERS/run-hazelcast.sh" 2>>"$WORK/hazelcast.err" | grep -m1 'cp-atomiclong incr') || hz=""
  [ -n "$hz" ] && { echo "$hz" | tee -a "$FIG"; HZ_NOTE="this run"; }
else
  latest=$(ls -t "$PEERS"/results/run-hazelcast-*.txt 2>/dev/null | head -1 || true)
  hz=$([ -n "$latest" ] && grep -m1 'cp-atomiclong incr' "$latest" || true)
  HZ_NOTE="recorded in $(basename "${latest:-none}")"
fi

# ---- 4. the table ----
ops() { sed -n "s/^$1: \([0-9]*\) ops\/s.*/\1/p" "$FIG" | head -1; }
cell() { # cell LABEL : "ops/s (p50 / p99 ms)"
  local l; l=$(grep -m1 "^$1: [0-9]" "$FIG" || true)
  [ -n "$l" ] || { echo "n/a"; return; }
  echo "$l" | sed -E 's/^[^:]*: ([0-9]+) ops\/s p50=([0-9.]+)ms p99=([0-9.]+)ms.*/\1 (\2 \/ \3)/'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2fx", a / b }'; }
row() { # row WORKLOAD TALLY_LABEL OTHER_LABEL GOAL
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$(cell "$2")" "$(cell "$3")" "$(ratio "$(ops "$2")" "$(ops "$3")")" "$4"
}
hz_ops=$(echo "${hz:-}" | sed -n 's/^[^:]*: \([0-9]*\) ops\/s.*/\1/p')
{
  echo "# Tally vs etcd $ETCD_VERSION, $(date '+%Y-%m-%d %H:%M %Z'), $(nproc) cores, load average before: $LOAD_BEFORE"
  echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg) (other_cpu in each line: cores used by processes outside the benchmark)"
  echo "# clients=$CLIENTS warmup=${WARMUP}s measured=${DURATION}s value=${VALUE_SIZE}B keys=$KEYS counter-keys=$CTR_KEYS; fsync on (Tally --fsync=true, etcd always)"
  echo "# git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  cat "$FIG"
  echo
  echo "| workload | Tally ops/s (p50 / p99 ms) | other ops/s (p50 / p99 ms) | ratio | goal (issue #6) |"
  echo "|---|---:|---:|---:|---|"
  row "counter increments ($CTR_KEYS keys) vs etcd put" "tally3 incr $CTR_KEYS keys" "etcd3 put" ">= 2x, p99 <= etcd's"
  row "value put vs etcd put" "tally3 put" "etcd3 put" "-"
  row "linearizable reads vs etcd linearizable range" "tally3 get (linearizable)" "etcd3 get (linearizable)" ">= 2x"
  row "increments ($CTR_KEYS keys) vs etcd CAS loop ($CTR_KEYS keys)" "tally3 incr $CTR_KEYS keys" "etcd3 cas-incr $CTR_KEYS keys" "-"
  row "hot key, $CLIENTS clients: increments vs etcd CAS loop" "tally3 incr 1 key" "etcd3 cas-incr 1 key" ">= 100x"
  if [ -n "$hz_ops" ]; then
    printf '| hot key: increments vs Hazelcast CP IAtomicLong (%s) | %s | %s | %s | > 1x |\n' "$HZ_NOTE" "$(cell "tally3 incr 1 key")" \
      "$(echo "$hz" | sed -E 's/^[^:]*: ([0-9]+) ops\/s p50=([0-9.]+)ms p99=([0-9.]+)ms.*/\1 (\2 \/ \3)/')" "$(ratio "$(ops "tally3 incr 1 key")" "$hz_ops")"
  fi
  echo
} >"$WORK/table.txt"
cat "$WORK/table.txt" >>"$RESULTS"
cat "$WORK/table.txt"
say "appended to $RESULTS"
