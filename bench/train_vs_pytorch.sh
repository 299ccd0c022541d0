#!/usr/bin/env bash
# Training throughput of SatSim's functional engine against PyTorch, measured side by side: each repetition runs
# `satsim bench train` (dense, then BDWP 2:8), the PyTorch reference (bench/pytorch_lenet5.py) and, with
# --before, an older satsim build, one after the other, so that all see the same machine load; then prints
# every run and the ratios (min / median / max over the repetitions). LeNet-5 on MNIST, batch 64, SGD momentum,
# FP32, the same thread count for every engine; --model dwsep: the depthwise-separable CNN instead.
#
#   bench/train_vs_pytorch.sh [--model lenet5|dwsep] [--reps N] [--train-limit N] [--threads T] [--satsim PATH] [--before PATH]
#
# Defaults: 5 repetitions, the full 60,000 training images (one epoch), 2 threads, the satsim built by
# `dotnet build Sim.Cli -c Release`. --before PATH times an older satsim binary (one without `bench train`) with
# `satsim train --json --epochs 1`, whose images/s is defined the same way (training iterations only).
# Needs: MNIST in the data cache (`satsim data fetch mnist`), Debian's python3-torch (/usr/bin/python3).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
reps=5; limit=0; threads=2; before=""; model=lenet5
satsim="$here/../Sim.Cli/bin/Release/net10.0/satsim"
python="${PYTHON:-/usr/bin/python3}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --train-limit) limit="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --satsim) satsim="$2"; shift 2 ;;
    --before) before="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "train_vs_pytorch.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ -x "$satsim" ]] || { echo "train_vs_pytorch.sh: $satsim not found; run 'dotnet build Sim.Cli/Sim.Cli.csproj -c Release' first" >&2; exit 1; }
"$python" -c "import torch" 2>/dev/null || { echo "train_vs_pytorch.sh: $python has no torch; apt-get install python3-torch" >&2; exit 1; }
# the same thread budget for every engine: PyTorch (OpenMP) and .NET (processor count, which also sizes an old build's GEMM threads)
export OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads" DOTNET_PROCESSOR_COUNT="$threads"
out="$(mktemp)"; trap 'rm -f "$out"' EXIT
ips() { "$python" -c 'import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])["images_per_second"])'; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $model, $reps repetitions, train-limit $limit, $threads threads" >&2
for r in $(seq 1 "$reps"); do
  v=$("$satsim" bench train --model "$model" --method dense --train-limit "$limit" --threads "$threads" | ips); echo "$r satsim-dense $v" | tee -a "$out" >&2
  v=$("$python" "$here/pytorch_lenet5.py" --model "$model" --train-limit "$limit" --threads "$threads" | ips); echo "$r pytorch-dense $v" | tee -a "$out" >&2
  v=$("$satsim" bench train --model "$model" --method bdwp --nm 2:8 --train-limit "$limit" --threads "$threads" | ips); echo "$r satsim-bdwp $v" | tee -a "$out" >&2
  if [[ -n "$before" ]]; then
    v=$("$before" train --json --quiet --model "$model" --epochs 1 --method dense --train-limit "$limit" --test-limit 1000 | ips); echo "$r before-dense $v" | tee -a "$out" >&2
    v=$("$before" train --json --quiet --model "$model" --epochs 1 --method bdwp --nm 2:8 --train-limit "$limit" --test-limit 1000 | ips); echo "$r before-bdwp $v" | tee -a "$out" >&2
  fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$python" - "$out" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    r, name, v = line.split()
    runs[name][int(r)] = float(v)
def ratios(a, b):
    xs = sorted(runs[a][r] / runs[b][r] for r in runs[a] if r in runs[b])
    return f"{xs[0]:.2f} / {statistics.median(xs):.2f} / {xs[-1]:.2f}"
print("images/s per run (min / median / max):")
for name, v in runs.items():
    xs = sorted(v.values())
    print(f"  {name:14s} {xs[0]:9.1f} / {statistics.median(xs):9.1f} / {xs[-1]:9.1f}")
print("ratios, same repetition (min / median / max):")
print(f"  satsim dense / pytorch        {ratios('satsim-dense', 'pytorch-dense')}")
print(f"  satsim bdwp 2:8 / satsim dense {ratios('satsim-bdwp', 'satsim-dense')}")
if "before-dense" in runs:
    print(f"  satsim dense / before dense   {ratios('satsim-dense', 'before-dense')}")
    print(f"  satsim bdwp / before bdwp     {ratios('satsim-bdwp', 'before-bdwp')}")
    print(f"  before dense / pytorch        {ratios('before-dense', 'pytorch-dense')}")
PY
