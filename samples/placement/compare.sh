#!/usr/bin/env bash
# Runs every placement algorithm on every sample problem and prints the comparison table (markdown).
# The default algorithm runs with its default limits (60 s, 50,000 evaluations); the baselines run to completion or
# BASELINE_BUDGET seconds (default 600). Usage: samples/placement/compare.sh [PROBLEM...]  (8x8 16x16 64x64)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release src/DlSim.Cli -v q -nologo >/dev/null
dlsim=(dotnet src/DlSim.Cli/bin/Release/net10.0/linux-x64/DlSim.Cli.dll)
out=$(mktemp -d)
profiles=(--profiles samples/placement/bert_1.3b.json --profiles samples/placement/bert_2.6b.json --profiles samples/placement/bert_6.7b.json)
problems=("${@:-8x8 16x16 64x64}")
echo "| problem | algorithm | attainment | goodput (req/s) | evaluations | wall time (s) | best found at (s) |"
echo "|---|---|---|---|---|---|---|"
for problem in ${problems[@]}; do
  gpus=${problem%x*}; models=${problem#*x}
  for algorithm in sr-greedy mp-greedy mp-search local-search; do
    limits=(); [ "$algorithm" = local-search ] || limits=(--budget "${BASELINE_BUDGET:-600}" --evaluations 1000000000)
    "${dlsim[@]}" place -n $((gpus / 8)) -d 8 -c 16 "${profiles[@]}" -w "samples/placement/workload_$problem.csv" \
      --models "@samples/placement/models_$models.txt" --algorithm "$algorithm" "${limits[@]}" --json "$out/$problem-$algorithm.json" \
      -o "$out/$problem-$algorithm-placement.json" > /dev/null 2> "$out/$problem-$algorithm.log"
    python3 - "$out/$problem-$algorithm.json" "$problem" "$algorithm" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"| {sys.argv[2]} | {sys.argv[3]} | {r['attainment'] * 100:.2f} % | {r['goodput_rps']:.1f} | {r['evaluations']:,} | {r['wall_s']:.1f} | {r['best_found_at_s']:.1f} |")
PY
  done
done
echo "results: $out" >&2
