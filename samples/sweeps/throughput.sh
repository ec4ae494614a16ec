#!/usr/bin/env bash
# Sweep throughput on this machine: wall time of `sweep run --jobs 1` and `--jobs 2` on a sweep of equal cases,
# alternating, ROUNDS rounds (default 5); prints each round's ratio, the median of those ratios and the ratio of the
# medians. Run it on an otherwise idle machine.
# Usage: samples/sweeps/throughput.sh [ROUNDS] [SWEEP]
#   SWEEP   default equal_cases.json: 32 closed-loop cases of ~4 M requests (24 clients thinking 0.5 s on 4 GPUs);
#           saturated_cases.json is the same with clients that never think (every request waits, all latencies equal).
#   DLSIM   environment: the dlsim to time (e.g. the published single file); default: this checkout's Release build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=${1:-5}
sweep=${2:-$here/equal_cases.json}
if [ -n "${DLSIM:-}" ]; then dlsim=("$DLSIM")
else
  dotnet build "$here/../../src/DlSim.Cli" -c Release -v q -nologo >/dev/null
  dlsim=(dotnet "$here/../../src/DlSim.Cli/bin/Release/net10.0/linux-x64/DlSim.Cli.dll")
fi
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
declare -A times
ratios=""
for r in $(seq "$rounds"); do
  for j in 1 2; do
    rm -rf "$out/run"
    s=$(date +%s.%N)
    "${dlsim[@]}" sweep run "$sweep" -o "$out/run" --jobs "$j" >/dev/null 2>"$out/err"
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    times[$j]="${times[$j]:-} $t"
    [ "$j" = 1 ] && t1=$t
    printf 'round %d  --jobs %d  %6.2f s   %s\n' "$r" "$j" "$t" "$(grep 'a case took' "$out/err" | sed 's/^sweep: //')"
  done
  ratio=$(echo "$t1 / $t" | bc -l)
  ratios="$ratios $ratio"
  printf 'round %d  speed-up %.3fx\n' "$r" "$ratio"
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m1=$(echo "${times[1]}" | median); m2=$(echo "${times[2]}" | median); mr=$(echo "$ratios" | median)
printf 'median --jobs 1: %.2f s, --jobs 2: %.2f s, ratio of medians %.2fx, median of round ratios %.2fx\n' "$m1" "$m2" "$(echo "$m1 / $m2" | bc -l)" "$mr"
