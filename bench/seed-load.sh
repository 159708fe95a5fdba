#!/usr/bin/env bash
# Benchmark: generate the full seed and load it into a fresh SQLite file, RUNS times (default 3), through the
# app's own command line (./crm db seed). Prints each run and the medians. Target (issue 2): load ≤ 60 s.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./crm db migrate --db "$work/warm-up.db" --lang en >/dev/null   # builds and publishes the app once
gen=() load=() wall=()
for i in $(seq "$runs"); do
  start=$(date +%s.%N)
  line=$(.crm/app/Crm.Web db seed --size full --db "$work/run-$i.db" --lang en | grep '^Seed (full)')
  end=$(date +%s.%N)
  g=$(sed -E 's/.*generated in ([0-9.]+) s.*/\1/' <<<"$line")
  l=$(sed -E 's/.*loaded in ([0-9.]+) s.*/\1/' <<<"$line")
  w=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", b - a}')
  printf 'run %d: generate %6.1f s  load %6.1f s  whole command %6.1f s\n' "$i" "$g" "$l" "$w"
  gen+=("$g") load+=("$l") wall+=("$w")
  rm -f "$work/run-$i.db"*
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf 'median: generate %s s, load %s s, whole command %s s (%s runs, %s cores)\n' \
  "$(median "${gen[@]}")" "$(median "${load[@]}")" "$(median "${wall[@]}")" "$runs" "$(nproc)"
