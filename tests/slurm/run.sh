#!/usr/bin/env bash
# Integration test of docs/cluster.md's Slurm path on a real single-node Slurm: installs Debian's slurm-wlm and
# munge (apt) when missing, starts munged, slurmctld and slurmd on loopback with a private configuration in a
# temporary directory, submits examples/slurm/sweep-array.sbatch as a two-task array (two shards) and
# examples/slurm/merge.sbatch as a job depending on it, then checks that the merged sweep.csv is byte-identical
# to an unsharded run of the same sweep; then the same for a guided search with two islands (sweep.csv, search.csv). Everything it started is stopped (by pid) and removed on exit.
# Prints one closing line "slurm integration test: Failed: F, Passed: P, Skipped: S" and exits non-zero on failure.
# Needs root (to install and run the daemons); without root it skips, except under CI (CI=true), where it fails.
# Run by .ci/run after the test suite; by hand: sudo bash tests/slurm/run.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NAME="slurm integration test"
SWEEP="$ROOT/tests/slurm/sweep-tiny.yaml"
DLL="$ROOT/Sim.Cli/bin/Release/net10.0/satsim.dll"
work=""
started=()

say() { echo "$NAME: $*"; }
finish() {
  local status=$?
  set +e
  if [ -n "$work" ] && [ -f "$work/slurm.conf" ] && command -v scancel >/dev/null; then
    SLURM_CONF="$work/slurm.conf" timeout 10 scancel --quiet --user=root >/dev/null 2>&1
  fi
  for pidfile in "${started[@]}"; do
    if [ -f "$pidfile" ]; then
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null
    fi
  done
  if [ "$status" -ne 0 ] && [ -n "$work" ]; then
    for log in slurmctld.log slurmd.log munged.log; do
      [ -f "$work/$log" ] && { echo "--- last lines of $log"; tail -n 15 "$work/$log"; }
    done
    for log in "$work"/submit/logs/*; do [ -f "$log" ] && { echo "--- $log"; tail -n 15 "$log"; }; done
  fi
  [ -n "$work" ] && rm -rf "$work"
  exit "$status"
}
trap finish EXIT
fail() { say "FAILED: $*" >&2; say "Failed: 1, Passed: 0, Skipped: 0"; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
  if [ "${CI:-}" = true ]; then
    fail "needs root to install and start Slurm, and CI runs as root; refusing to skip under CI"
  fi
  say "skipped: needs root to install and start slurm-wlm and munge (run: sudo bash tests/slurm/run.sh)"
  say "Failed: 0, Passed: 0, Skipped: 1"
  exit 0
fi

work=$(mktemp -d /tmp/satsim-slurm.XXXXXX)
chmod 711 "$work"   # munged requires its socket directory to be searchable by all
t0=$(date +%s)

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get -o DPkg::Lock::Timeout=900 install -y -q slurm-wlm munge >"$work/apt.log" 2>&1; then
    apt-get -o DPkg::Lock::Timeout=900 update -q >>"$work/apt.log" 2>&1 || true
    apt-get -o DPkg::Lock::Timeout=900 install -y -q slurm-wlm munge >>"$work/apt.log" 2>&1 \
      || { tail -n 20 "$work/apt.log"; fail "apt-get install slurm-wlm munge failed"; }
  fi
fi
if [ ! -f "$DLL" ]; then
  say "building Sim.Cli (Release)"
  dotnet build "$ROOT/Sim.Cli/Sim.Cli.csproj" -c Release >"$work/build.log" 2>&1 || { tail -n 20 "$work/build.log"; fail "dotnet build Sim.Cli failed"; }
fi

# satsim on PATH, as the job scripts expect (the jobs inherit this environment: sbatch exports it by default).
mkdir -p "$work/bin" "$work/state" "$work/spool" "$work/submit/logs" "$work/results"
printf '#!/bin/sh\nexec dotnet "%s" "$@"\n' "$DLL" >"$work/bin/satsim"
chmod 755 "$work/bin/satsim"
export PATH="$work/bin:$PATH"

# munge: a fresh key and a private socket.
dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge.key"
munged --key-file="$work/munge.key" --socket="$work/munge.socket" --pid-file="$work/munged.pid" \
  --log-file="$work/munged.log" --seed-file="$work/munged.seed" --num-threads=2 || fail "munged did not start"
started+=("$work/munged.pid")
for _ in $(seq 1 50); do [ -S "$work/munge.socket" ] && break; sleep 0.1; done
[ -S "$work/munge.socket" ] || fail "munged did not create its socket"
echo probe | munge --socket="$work/munge.socket" | unmunge --socket="$work/munge.socket" >/dev/null || fail "munge cannot encode and decode a credential"

host=$(hostname -s)
cpus=$(nproc)
# Two free loopback ports (another run on this machine must not collide): nothing may answer on either.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ctld_port=""
for try in $(seq 0 49); do
  p=$(( 20000 + ( ($$ + try * 7919) % 20000 ) * 2 ))
  if port_free "$p" && port_free $((p + 1)); then ctld_port=$p; break; fi
done
[ -n "$ctld_port" ] || fail "no two free loopback ports found"
cat >"$work/slurm.conf" <<CONF
ClusterName=satsimtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$((ctld_port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SlurmdTimeout=60
MinJobAge=600
DependencyParameters=kill_invalid_depend
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=2048 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"

slurmctld -f "$SLURM_CONF" -c || fail "slurmctld did not start"
started+=("$work/slurmctld.pid")
slurmd -f "$SLURM_CONF" -c || fail "slurmd did not start"
started+=("$work/slurmd.pid")
state=""
for _ in $(seq 1 120); do
  state=$(timeout 5 sinfo -h -n "$host" -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "$state" = idle ] || fail "the node did not become idle (state '$state')"
say "single-node Slurm up ($(sinfo --version), $cpus CPUs) after $(( $(date +%s) - t0 )) s"

# run_array NAME SWEEP_FILE POINTS_PER_SHARD FILES...: the sweep unsharded outside Slurm (the reference), then
# docs/cluster.md's two job scripts as shipped (the command line overrides only what this one small node lacks:
# 16 shards, 8 CPUs, 8 GB); both array tasks must complete, and the merged FILES must equal the reference's.
run_array() {
  local name=$1 sweep=$2 per_shard=$3
  shift 3
  local results="$work/$name" array merge points
  satsim sweep "$sweep" --out "$results/whole" --jobs 1 --quiet --no-plots >"$work/$name-whole.log" 2>&1 \
    || { cat "$work/$name-whole.log"; fail "$name: the unsharded run failed"; }
  cd "$work/submit"
  array=$(SWEEP="$sweep" RESULTS="$results" sbatch --parsable --array=0-1 --cpus-per-task=1 --mem=256M --time=00:10:00 \
    "$ROOT/examples/slurm/sweep-array.sbatch") || fail "$name: sbatch of the job array was refused"
  timeout 300 env RESULTS="$results" sbatch --parsable --wait --dependency=afterok:"$array" --mem=256M \
    "$ROOT/examples/slurm/merge.sbatch" >"$work/$name-merge.id" \
    || fail "$name: the merge job did not complete successfully within 300 s (array $array)"
  merge=$(cat "$work/$name-merge.id")
  for task in 0 1; do
    info=$(scontrol show job "${array}_$task" 2>/dev/null) || fail "$name: Slurm has no record of array task ${array}_$task"
    echo "$info" | grep -q "JobState=COMPLETED" || fail "$name: array task ${array}_$task did not complete: $(echo "$info" | grep -o 'JobState=[A-Z_]*')"
    echo "$info" | grep -q "ExitCode=0:0" || fail "$name: array task ${array}_$task exited non-zero"
    [ -f "logs/sweep-${array}_$task.out" ] || fail "$name: no log logs/sweep-${array}_$task.out from array task $task"
    points=$(find "$results/shard-$task/points" -name '*.json' | wc -l)
    if [ "$per_shard" = some ]; then
      [ "$points" -ge 1 ] || fail "$name: shard $task stored no point"
    else
      [ "$points" -eq "$per_shard" ] || fail "$name: shard $task stored $points points, expected $per_shard"
    fi
    [ ! -f "$results/shard-$task/sweep.csv" ] || fail "$name: shard $task wrote a sweep.csv (a shard alone must not)"
  done
  [ -f "logs/merge-$merge.out" ] || fail "$name: no log from the merge job $merge"
  for file in "$@"; do
    [ -f "$results/all/$file" ] || fail "$name: the merge job wrote no $file"
    cmp -s "$results/whole/$file" "$results/all/$file" || {
      diff "$results/whole/$file" "$results/all/$file" | head -n 10
      fail "$name: the merged $file differs from the unsharded run's"
    }
  done
  say "$name: 2 shards under Slurm (array $array) and the merge job ($merge): merged $* byte-identical to the unsharded run ($(( $(wc -l <"$results/whole/sweep.csv") - 1 )) rows) after $(( $(date +%s) - t0 )) s"
}

run_array sweep "$SWEEP" 4 sweep.csv best.csv
# A guided search shards by islands (docs/sweep.md): island i on array task i.
run_array search "$ROOT/tests/slurm/search-tiny.yaml" some sweep.csv search.csv best.csv
say "Failed: 0, Passed: 1, Skipped: 0"
