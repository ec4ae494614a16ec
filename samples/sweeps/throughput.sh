#!/usr/bin/env bash
# Sweep throughput on this machine: wall time of `sweep run --jobs 1` and `--jobs 2` on 32 equal cases
# (closed loop, 4.1 M requests each), alternating, ROUNDS rounds (default 3), then the ratio of the medians.
# Usage: samples/sweeps/throughput.sh [ROUNDS]   (builds Release first; run on an otherwise idle machine)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=${1:-3}
dotnet build "$here/../../src/DlSim.Cli" -c Release -v q -nologo >/dev/null
dlsim="$here/../../src/DlSim.Cli/bin/Release/net10.0/linux-x64/DlSim.Cli.dll"
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
declare -A times
for r in $(seq "$rounds"); do
  for j in 1 2; do
    rm -rf "$out/run"
    s=$(date +%s.%N)
    dotnet "$dlsim" sweep run "$here/equal_cases.json" -o "$out/run" --jobs "$j" >/dev/null 2>"$out/err"
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    times[$j]="${times[$j]:-} $t"
    printf 'round %d  --jobs %d  %.2f s   %s\n' "$r" "$j" "$t" "$(grep 'a case took' "$out/err" | sed 's/^sweep: //')"
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m1=$(echo "${times[1]}" | median); m2=$(echo "${times[2]}" | median)
printf 'median --jobs 1: %.2f s, --jobs 2: %.2f s, speed-up %.2fx\n' "$m1" "$m2" "$(echo "$m1 / $m2" | bc -l)"
