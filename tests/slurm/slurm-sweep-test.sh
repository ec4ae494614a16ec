#!/usr/bin/env bash
# The real Slurm test of `dlsim sweep slurm`: a one-node Slurm cluster (munged, slurmctld, slurmd) is started on
# this host without systemd, the sample sweep's job-array script runs as a real array (sbatch --wait) with its
# dependent merge job, and the merged table must equal, byte for byte, a local `sweep run` and `--shard I/4` runs
# made by hand in another order. The daemons this script started are stopped by their process ids on exit.
#
# Exit codes: 0 passed, 1 failed, 3 skipped (not root, or Slurm cannot be installed from the distribution).
# Needs a built dlsim (DLSIM, default: dotnet on the Debug build of src/DlSim.Cli).
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
tasks=4
cli="$repo/src/DlSim.Cli/bin/Debug/net10.0/linux-x64/DlSim.Cli.dll"
export DLSIM=${DLSIM:-"dotnet $cli"}
packages=(slurmctld slurmd slurm-client munge)

say() { printf 'slurm-test: %s\n' "$*" >&2; }
skip() { say "SKIPPED: $*"; exit 3; }

[ "$(id -u)" = 0 ] || skip "the Slurm daemons need root"
[ -f "$cli" ] || [ "$DLSIM" != "dotnet $cli" ] || { say "building dlsim"; dotnet build "$repo/src/DlSim.Cli" -v q -nologo >/dev/null || exit 1; }

have_slurm() { command -v slurmctld && command -v slurmd && command -v sbatch && command -v munged; } >/dev/null 2>&1
if ! have_slurm; then
  command -v apt-get >/dev/null || skip "Slurm is not installed and there is no apt-get to install it"
  say "installing ${packages[*]} from the distribution's packages"
  # The packages' scripts must not start the system's own daemons: policy-rc.d forbids it while they install.
  own_policy=0
  [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; own_policy=1; }
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"; } > /tmp/dlsim-slurm-apt.log 2>&1
  installed=$?
  [ "$own_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
  [ "$installed" = 0 ] && have_slurm || { tail -5 /tmp/dlsim-slurm-apt.log >&2; skip "Slurm could not be installed (see /tmp/dlsim-slurm-apt.log)"; }
fi

# A short folder: the munge socket path must stay under the Unix limit of about 107 characters.
work=$(mktemp -d /tmp/dlsim-slurm.XXXXXX)
chmod 755 "$work"
mkdir -p "$work"/{conf,key,sock,state,spool,logs,pids,run}
chmod 700 "$work/key" "$work/state"
declare -A pid=()

start() {   # name command...: in its own session, in the foreground of that session; its pid kept
  local name=$1; shift
  setsid "$@" < /dev/null >> "$work/logs/$name.out" 2>&1 &
  pid[$name]=$!
  say "started $name (pid ${pid[$name]})"
}

stop_all() {
  local name p i
  if [ -n "${pid[slurmctld]:-}" ]; then scancel --quiet --full -u root 2>/dev/null || true; fi
  for name in slurmd slurmctld munged; do
    p=${pid[$name]:-}
    [ -n "$p" ] && kill -0 "$p" 2>/dev/null || continue
    kill -TERM "$p" 2>/dev/null
    for i in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
    say "stopped $name (pid $p)"
  done
}

failed() {
  say "FAILED: $*"
  local f
  for f in "$work"/logs/*; do [ -s "$f" ] && { printf '==> %s\n' "$f" >&2; tail -n 12 "$f" >&2; }; done
  exit 1
}
finish() { local rc=$?; stop_all; [ "$rc" = 0 ] && rm -rf "$work"; }
trap finish EXIT

until_true() {   # seconds command...: retry until it succeeds
  local deadline=$((SECONDS + $1)); shift
  until "$@" > /dev/null 2>&1; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.3; done
}

port_free() { ! (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
pick_port() { local p=$1; until port_free "$p" && [ "$p" != "${2:-}" ]; do p=$((p + 1)); done; echo "$p"; }

node=$(uname -n); node=${node%%.*}
ctld_port=$(pick_port 6817)
slurmd_port=$(pick_port 6818 "$ctld_port")
export SLURM_CONF="$work/conf/slurm.conf"
cat > "$SLURM_CONF" <<CONF
# One node, no systemd, no cgroups, no accounting: what a job array needs and nothing more.
ClusterName=dlsimtest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/sock/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
SlurmctldLogFile=$work/logs/slurmctld.log
SlurmdLogFile=$work/logs/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=4
NodeName=$node NodeAddr=127.0.0.1 NodeHostname=$node CPUs=$(nproc) RealMemory=2048 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF

dd if=/dev/urandom of="$work/key/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/key/munge.key"
start munged munged -F --force --key-file="$work/key/munge.key" --socket="$work/sock/munge" \
  --pid-file="$work/run/munged.pid" --seed-file="$work/key/seed" --log-file="$work/logs/munged.log"
until_true 30 bash -c "munge -n -S '$work/sock/munge' | unmunge -S '$work/sock/munge'" || failed "munged did not answer"
start slurmctld slurmctld -D -c -f "$SLURM_CONF"
until_true 60 bash -c "scontrol ping | grep -q 'is UP'" || failed "slurmctld did not answer"
start slurmd slurmd -D -f "$SLURM_CONF" -N "$node"
until_true 60 bash -c "sinfo -h -n '$node' -o %T | grep -qx idle" || failed "the node did not become idle"
say "cluster up: node $node, ports $ctld_port/$slurmd_port"

cd "$work" || exit 1
# The sweep names its placement relative to its own folder.
cp "$repo/samples/sweeps/placement_4gpu.json" .
cp "$repo/samples/sweeps/closed_loop_policies.json" sweep.json
# shellcheck disable=SC2086
dlsim() { $DLSIM "$@"; }

dlsim sweep run sweep.json -o local > /dev/null 2> logs/local.err || failed "local sweep run"
dlsim sweep merge local -o local.csv > /dev/null || failed "merge of the local run"
for shard in 3 1 0 2; do
  dlsim sweep run sweep.json -o by-hand --shard "$shard/$tasks" > /dev/null 2>> logs/by-hand.err || failed "shard $shard/$tasks by hand"
done
dlsim sweep merge by-hand -o by-hand.csv > /dev/null || failed "merge of the shards run by hand"

dlsim sweep slurm sweep.json --tasks "$tasks" --sweep-dir array -o job.sbatch > /dev/null || failed "sweep slurm"
say "sbatch --wait job.sbatch ($tasks array tasks)"
sbatch --wait job.sbatch > logs/sbatch.out 2>&1 || failed "the job array (sbatch --wait exit $?)"
# The first task submitted the merge, which runs once the whole array has succeeded.
until_true 120 test -s array/results.csv || failed "the merge job wrote no array/results.csv"
until_true 30 bash -c '[ -z "$(squeue -h -o %i)" ]' || failed "jobs still queued: $(squeue -h -o '%i %j %T' | tr '\n' ' ')"

cases=$(( $(wc -l < local.csv) - 1 ))
cmp local.csv by-hand.csv || failed "the shards run by hand merged to another table"
cmp local.csv array/results.csv || failed "the Slurm job array merged to another table"
[ "$cases" -ge 200 ] || failed "expected at least 200 cases, found $cases"
say "passed: $cases cases; local run, $tasks shards by hand and a $tasks-task Slurm job array merge byte-identical"
