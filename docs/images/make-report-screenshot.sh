#!/usr/bin/env bash
# Makes docs/images/report.png: the top of a simulation report, as headless Chromium (Debian's chromium) draws it.
# Run from the repository: bash docs/images/make-report-screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
reference="${DLSIM_REFERENCE:-$repo/../shared/reference}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build src/DlSim.Cli -v q -nologo >/dev/null
cd "$work"
cp "$reference/workloads/test_workload_8to2_6.667Hz_20s.csv" workload.csv
cp "$reference/placements/placement_interop.json" placement.json
dotnet "$repo/src/DlSim.Cli/bin/Debug/net10.0/linux-x64/DlSim.Cli.dll" simulate --name interop -w workload.csv -p placement.json --report report.html
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2300 \
  --screenshot="$repo/docs/images/report.png" "file://$work/report.html" 2>/dev/null
echo "wrote docs/images/report.png"
