#!/usr/bin/env bash
# Checks the append protocols of ADR 0070 (and the liveness proposal of ADR 0076) with spin: the proposed protocol must satisfy every property, and the
# current and deliberately broken variants must pass or fail exactly as listed below (a model that cannot fail proves
# nothing). Exits non-zero when any run differs from its expectation. Needs spin (Debian package `spin`) and cc.
#
#   ./run.sh            every case
#   ./run.sh proposed   only the cases whose name starts with "proposed"
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
filter="${1:-}"
command -v spin >/dev/null || { echo "spin is not installed (apt-get install spin)" >&2; exit 2; }
command -v cc >/dev/null || { echo "no C compiler (cc) found" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/appends.pml" "$work/"
out="$here/out"
mkdir -p "$out"

# name | expected (pass/fail) | spin -D flags | extra cc flags | pan flags
cases=(
  "proposed-order|pass|-DPROP_ORDER||"
  "proposed-noskip|pass|-DPROP_NOSKIP||"
  "proposed-unique|pass|-DPROP_UNIQUE||"
  "proposed-nogap|pass|-DPROP_NOGAP||"
  "proposed-live-assert|pass|-DPROP_LIVE||"
  "proposed-live-cycles|pass|-DNOREADER|-DNP|-l -f"
  "current-counter-order|pass|-DCOUNTER -DPROP_ORDER||"
  "current-counter-noskip|pass|-DCOUNTER -DPROP_NOSKIP||"
  "current-counter-unique|pass|-DCOUNTER -DPROP_UNIQUE||"
  "current-counter-nogap|fail|-DCOUNTER -DPROP_NOGAP||"
  "current-counter-without-lookup-order|fail|-DCOUNTER -DNO_LOOKUP -DPROP_ORDER||"
  "broken-pipeline-with-floor-noskip|fail|-DPIPELINE -DOBSERVED_FLOOR -DPROP_NOSKIP||"
  "broken-pipeline-with-floor-unique|fail|-DPIPELINE -DOBSERVED_FLOOR -DPROP_UNIQUE||"
  "broken-pipeline-order|fail|-DPIPELINE -DPROP_ORDER||"
  "broken-proposed-without-lookup-order|fail|-DNO_LOOKUP -DPROP_ORDER||"
  "broken-no-refresh-live-cycles|fail|-DNOREADER -DNO_REFRESH|-DNP|-l -f"
  "proposed-keys-key|pass|-DKEYS -DPROP_KEY||"
  "proposed-keys-order|pass|-DKEYS -DPROP_ORDER||"
  "proposed-keys-noskip|pass|-DKEYS -DPROP_NOSKIP||"
  "proposed-keys-unique|pass|-DKEYS -DPROP_UNIQUE||"
  "proposed-keys-live-assert|pass|-DKEYS -DPROP_LIVE||"
  "proposed-keys-live-cycles|pass|-DKEYS -DNOREADER|-DNP|-l -f"
  "broken-keys-unchecked-key|fail|-DKEYS -DKEY_UNCHECKED -DPROP_KEY||"
  "broken-keys-unchecked-live-assert|fail|-DKEYS -DKEY_UNCHECKED -DPROP_LIVE||"
  "proposed-server-index-order|pass|-DSERVER_INDEX -DPROP_ORDER||"
  "proposed-server-index-noskip|pass|-DSERVER_INDEX -DPROP_NOSKIP||"
  "proposed-server-index-unique|pass|-DSERVER_INDEX -DPROP_UNIQUE||"
  "proposed-server-index-nogap|pass|-DSERVER_INDEX -DPROP_NOGAP||"
  "proposed-server-index-live-assert|pass|-DSERVER_INDEX -DPROP_LIVE||"
  "proposed-server-index-live-cycles|pass|-DSERVER_INDEX -DNOREADER|-DNP|-l -f"
  "proposed-server-index-keys-key|pass|-DSERVER_INDEX -DKEYS -DPROP_KEY||"
  "proposed-server-index-keys-unique|pass|-DSERVER_INDEX -DKEYS -DPROP_UNIQUE||"
  "current-claims-slow-writer-progress|fail|-DSLOW||-a -f -N slow"
  "current-claims-fast-writer-progress|pass|-DSLOW||-a -f -N fast"
  "proposed-server-index-slow-writer-progress|pass|-DSLOW -DSERVER_INDEX||-a -f -N slow"
  "proposed-server-index-fast-writer-progress|pass|-DSLOW -DSERVER_INDEX||-a -f -N fast"
  "broken-server-index-unfair-progress|fail|-DSLOW -DSERVER_INDEX||-a -f -N unfair"
)

failures=0
printf '%-46s %-8s %-8s %12s %8s\n' case expected result states seconds
for entry in "${cases[@]}"; do
  IFS='|' read -r name expected defines ccflags panflags <<<"$entry"
  [[ -n "$filter" && "$name" != "$filter"* ]] && continue
  (
    cd "$work"
    rm -f pan pan.? appends.pml.trail
    spin -a $defines appends.pml >/dev/null
    cc -O2 -w -DCOLLAPSE -DMEMLIM=3000 $ccflags -o pan pan.c
    start=$(date +%s.%N)
    ./pan -m200000 $panflags >pan.out 2>&1 || true
    end=$(date +%s.%N)
    echo "$start $end" >pan.time
  )
  errors=$(grep -o 'errors: [0-9]*' "$work/pan.out" | awk '{print $2}')
  states=$(awk '/states, stored/ {print $1; exit}' "$work/pan.out")
  read -r start end <"$work/pan.time"
  seconds=$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.1f", e - s}')
  if grep -q 'error: max search depth too small\|pan: out of memory\|reached -DMEMLIM bound\|VECTORSZ' "$work/pan.out"; then
    result=incomplete
  elif [[ "${errors:-1}" == 0 ]]; then
    result=pass
  else
    result=fail
  fi
  printf '%-46s %-8s %-8s %12s %8s\n' "$name" "$expected" "$result" "${states:-?}" "$seconds"
  cp "$work/pan.out" "$out/$name.pan.txt"
  if [[ "$result" == fail ]]; then
    # the counterexample, as the model's own narration of it
    (cd "$work" && spin -t $defines appends.pml 2>&1 | grep -v "couldn.t find claim\|Never claim moves" | sed -n '1,/^spin: trail ends/p') >"$out/$name.trail.txt" || true
    if [[ "$expected" == fail ]]; then
      grep -m1 'assertion violated\|non-progress cycle\|acceptance cycle' "$work/pan.out" | sed 's/^/    found: /'
    fi
  fi
  if [[ "$result" != "$expected" ]]; then
    failures=$((failures + 1))
    if [[ "$result" == fail ]]; then
      echo "    UNEXPECTED: see $out/$name.pan.txt and $out/$name.trail.txt"
    else
      echo "    UNEXPECTED: see $out/$name.pan.txt"
    fi
  fi
done

if ((failures > 0)); then
  echo "$failures case(s) differ from their expectation" >&2
  exit 1
fi
echo "every case as expected; counterexamples in $out/*.trail.txt"
