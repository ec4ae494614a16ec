#!/usr/bin/env bash
# Regenerates the sample placement problems of this folder (profiles, workloads, model assignments).
# BERT-like 1.3B / 2.6B / 6.7B families (single-V100 latency and fp16 weights; the other executables derived by
# `models synth`), models assigned round-robin (id mod 3), power-law rates (share of model i ∝ 1/(i+1)),
# Gamma arrivals with CV 4, SLO 5 × each model's single-GPU latency.
set -euo pipefail
cd "$(dirname "$0")/../.."
dlsim() { dotnet run -c Release --project src/DlSim.Cli -- "$@"; }
out=samples/placement

dlsim models synth --model BERT-1.3B --latency 0.08 --weights 2630000000 --activation 4718592 --pp 1,2,4,8 --op 1,2,4,8 -o $out/bert_1.3b.json
dlsim models synth --model BERT-2.6B --latency 0.1452 --weights 5303096320 --activation 6291456 --pp 1,2,4,8 --op 1,2,4,8 -o $out/bert_2.6b.json
dlsim models synth --model BERT-6.7B --latency 0.35 --weights 13400000000 --activation 9437184 --pp 1,2,4,8 --op 1,2,4,8 -o $out/bert_6.7b.json

slos() { local n=$1 s=(0.4 0.726 1.75) list=(); for ((i = 0; i < n; i++)); do list+=("${s[i % 3]}"); done; (IFS=,; echo "${list[*]}"); }
models() { local n=$1 m=(BERT-1.3B BERT-2.6B BERT-6.7B); for ((i = 0; i < n; i++)); do echo "$i=${m[i % 3]}"; done; }

# name, models, total rate (Hz), duration (s), seed
while read -r name count rate duration seed; do
  dlsim workload generate --process gamma --cv 4 --models "$count" --spread powerlaw:1 --rate "$rate" --duration "$duration" \
    --slos "$(slos "$count")" --seed "$seed" --name "place_$name" -o "$out/workload_$name.csv"
  models "$count" > "$out/models_$count.txt"
done <<'LIST'
8x8 8 30 120 1
16x16 16 60 120 2
64x64 64 300 60 3
LIST
