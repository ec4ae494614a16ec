#!/usr/bin/env bash
# Start-up time of `dlsim simulate` (the built-in default scenario) as each way of installing dlsim runs it:
# median wall time of RUNS runs (default 10), in milliseconds, and the ratio to `dotnet run`.
#
#   bench/startup.sh            build every variant into OUT (default: a new temporary folder), then time them
#   OUT=dir RUNS=20 bench/startup.sh
#
# Variants: dotnet run; the .NET tool (dotnet pack + dotnet tool install --tool-path); the framework-dependent build;
# self-contained single-file publish, without and with ReadyToRun; Native AOT (reported as failed when it does not build).
# Every variant's output must equal `dotnet run`'s, or the variant is reported as broken. Other work on the machine
# moves the absolute figures: compare the ratios of one run.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-10}
out=${OUT:-$(mktemp -d -t dlsim-startup-XXXXXX)}
cli="$repo/src/DlSim.Cli/DlSim.Cli.csproj"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$out"
cd "$out" || exit 1

say() { printf '%s\n' "$*" >&2; }
publish() { # NAME PROPERTIES...: dotnet publish into $out/NAME; the log in $out/NAME.log
  local name=$1; shift
  say "publishing $name"
  dotnet publish "$cli" -c Release -o "$out/$name" "$@" > "$out/$name.log" 2>&1
}

say "building (Release) and packing the tool"
dotnet build "$cli" -c Release > "$out/build.log" 2>&1 || { say "build failed: $out/build.log"; exit 1; }
version="0.0.0-startup.$(date +%s)"   # a version no NuGet cache has seen
dotnet pack "$cli" -c Release -o "$out/package" -p:Version="$version" > "$out/pack.log" 2>&1 \
  && NUGET_PACKAGES="$out/nuget" dotnet tool install --tool-path "$out/tool" dlsim --version "$version" --add-source "$out/package" > "$out/tool.log" 2>&1 \
  || say "tool: pack or install failed ($out/pack.log, $out/tool.log)"
publish single-file -p:SelfContained=true -p:PublishSingleFile=true -p:PublishReadyToRun=false
publish single-file-r2r -p:SelfContained=true -p:PublishSingleFile=true -p:PublishReadyToRun=true
publish framework-r2r -p:SelfContained=false -p:PublishSingleFile=false -p:PublishReadyToRun=true
publish aot -p:PublishAot=true -p:SelfContained=true -p:PublishSingleFile=false -p:TreatWarningsAsErrors=false || say "aot: publish failed ($out/aot.log)"

# The executable a publish folder starts with: dlsim, or the assembly's own name when the project does not rename it.
exe() { if [ -x "$1/dlsim" ]; then echo "$1/dlsim"; else echo "$1/DlSim.Cli"; fi; }

declare -A commands=(
  [dotnet-run]="dotnet run --project $repo/src/DlSim.Cli --"
  [dotnet-dll]="dotnet $repo/src/DlSim.Cli/bin/Release/net10.0/linux-x64/DlSim.Cli.dll"
  [tool]="$out/tool/dlsim"
  [single-file]="$(exe "$out/single-file")"
  [single-file-r2r]="$(exe "$out/single-file-r2r")"
  [framework-r2r]="$(exe "$out/framework-r2r")"
  [aot]="$(exe "$out/aot")"
)
order=(dotnet-run dotnet-dll tool framework-r2r single-file single-file-r2r aot)

${commands[dotnet-run]} simulate > "$out/expected.txt" 2>/dev/null || { say "dotnet run simulate failed"; exit 1; }

median_ms() { # COMMAND...: median wall time of $runs runs, ms
  local times=() i start end
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    "$@" simulate > /dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'
}

base=""
printf '%-16s %10s %8s  %s\n' variant median_ms ratio size_MB
for v in "${order[@]}"; do
  read -r -a cmd <<< "${commands[$v]}"
  if [ "$v" != dotnet-run ] && [ "$v" != dotnet-dll ] && [ ! -x "${cmd[0]}" ]; then printf '%-16s %10s\n' "$v" "not built"; continue; fi
  if ! "${cmd[@]}" simulate 2>/dev/null | cmp -s - "$out/expected.txt"; then printf '%-16s %10s\n' "$v" "broken (output differs)"; continue; fi
  ms=$(median_ms "${cmd[@]}")
  [ -n "$base" ] || base=$ms
  size=""
  case $v in dotnet-run|dotnet-dll) ;; tool) size=$(du -sm "$out/tool/.store" | cut -f1) ;; *) size=$(du -sm "$(dirname "${cmd[0]}")" | cut -f1) ;; esac
  printf '%-16s %10s %8s  %s\n' "$v" "$ms" "$(awk -v a="$ms" -v b="$base" 'BEGIN {printf "%.2f", a / b}')" "$size"
done
say "builds and logs in $out"
