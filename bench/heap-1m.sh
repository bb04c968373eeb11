#!/usr/bin/env bash
# Heap of a 3-node Tally cluster holding 1,000,000 keys, each node limited to -Xmx256m, and the catch-up of a
# follower by a streamed snapshot.
#
#   bench/heap-1m.sh [KEYS] [VALUE_BYTES]      (defaults 1000000 and 100; DIR, FSYNC, BASE_PORT by env)
#
# 1. starts n1..n3 (`./tally node`, TALLY_JAVA_OPTS="-Xmx256m -Xlog:gc:file=...") and waits for a leader;
# 2. stops n3, loads KEYS distinct keys with incompressible VALUE_BYTES values through n1 (bench/HeapLoader.java,
#    128 requests in flight), so the leader compacts its log many times past n3;
# 3. prints, per running node, the heap used after a full GC (jcmd GC.run, then GC.heap_info) and the data size;
# 4. restarts n3 and times its catch-up (by snapshot: its log is long gone), prints its heap after a full GC, and
#    reads every 100th key back from n3.
# Every phase is bounded (load 900 s, catch-up 300 s); all nodes are stopped at the end (also on Ctrl-C).
# Output lines start with "heap-1m:"; the node logs and GC logs stay under DIR (default /tmp/tally-heap-1m).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
keys="${1:-1000000}"
value_bytes="${2:-100}"
dir="${DIR:-/tmp/tally-heap-1m}"
fsync="${FSYNC:-false}"
base="${BASE_PORT:-7850}"
say() { printf 'heap-1m: %s\n' "$*"; }

java=""
for c in ${JAVA_HOME:-} $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
  if [[ -x $c/bin/jcmd ]] && "$c/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then java="$c/bin"; break; fi
done
[[ -n $java ]] || { say "no JDK >= 21 with jcmd found (set JAVA_HOME)"; exit 1; }

rm -rf "$dir"; mkdir -p "$dir"
declare -A pids=()
stop_all() { for n in "${!pids[@]}"; do kill "${pids[$n]}" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_all EXIT

"$root/tally" --version >/dev/null  # builds the jar if it is stale

start() { # n
  local n=$1 i=${1#n}
  TALLY_JAVA_OPTS="-Xmx256m -Xlog:gc:file=$dir/gc-$n.log" "$root/tally" node --id "$n" --data-dir "$dir/$n" \
    --http "127.0.0.1:$((base + i))" --peer "127.0.0.1:$((base + 100 + i))" --join "127.0.0.1:$((base + 101))" \
    --bootstrap-expect 3 --fsync="$fsync" --log-level info >>"$dir/$n.log" 2>&1 &
  pids[$n]=$!
}
http() { echo "127.0.0.1:$((base + ${1#n}))"; }
field() { # n name -> value of "name":number in /v1/cluster's raft object
  curl -s --max-time 2 "http://$(http "$1")/v1/cluster" | grep -o "\"$2\":[0-9]*" | head -1 | cut -d: -f2
}
heap() { # n -> MB used after a full GC
  "$java/jcmd" "${pids[$1]}" GC.run >/dev/null
  "$java/jcmd" "${pids[$1]}" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | awk '{printf "%.1f", $2/1024}'
}
wait_until() { # seconds command...
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do (( SECONDS < deadline )) || return 1; sleep 1; done
}
has_leader() { [[ -n "$(curl -s --max-time 2 "http://$(http n1)/v1/cluster" | grep -o '"leader":"n[0-9]"')" ]]; }

for n in n1 n2 n3; do start $n; done
wait_until 60 has_leader || { say "no leader within 60 s (see $dir/n*.log)"; exit 1; }
say "cluster up; stopping n3"
kill "${pids[n3]}"; wait "${pids[n3]}" 2>/dev/null || true; unset 'pids[n3]'

say "loading $keys keys of $value_bytes bytes through n1"
t0=$SECONDS
"$java/java" "$root/bench/HeapLoader.java" "$(http n1)" "$keys" "$value_bytes" 128 900 | tail -1 | sed 's/^/heap-1m: /'
say "load took $((SECONDS - t0)) s"
for n in n1 n2; do
  say "$n: heap used after full GC $(heap $n) MB; data dir $(du -sh "$dir/$n" | cut -f1); snapshots $(ls "$dir/$n/snapshots" | tr '\n' ' ')"
done
commit=$(field n1 commit_index)
say "restarting n3 (leader commit index $commit)"
t0=$SECONDS
start n3
caught_up() { local a; a=$(field n3 applied_index); [[ -n $a && $a -ge $commit ]]; }
if wait_until 300 caught_up; then
  say "n3 caught up to $commit in $((SECONDS - t0)) s; $(grep -h 'staged and verified' "$dir/n3.log" | tail -1 | sed 's/.*INFO *//')"
else
  say "n3 did not catch up within 300 s (applied $(field n3 applied_index) of $commit)"; exit 1
fi
say "n3: heap used after full GC $(heap n3) MB; data dir $(du -sh "$dir/n3" | cut -f1)"
"$java/java" "$root/bench/HeapLoader.java" --check "$(http n3)" "$keys" "$value_bytes" 100 | tail -1 | sed 's/^/heap-1m: n3 read back: /'
for n in n1 n2 n3; do say "$n: GC log $dir/gc-$n.log, max heap after GC $(grep -o '[0-9]*M->[0-9]*M' "$dir/gc-$n.log" | cut -d'>' -f2 | tr -d M | sort -n | tail -1) MB"; done
