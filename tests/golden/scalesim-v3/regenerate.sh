#!/usr/bin/env bash
# Regenerates the SCALE-Sim v3 golden reports of this folder (see README.md).
# Usage: regenerate.sh SCALE_SIM_V3_CHECKOUT [RUN_NAME...]   (no names: every run of runs.csv without reports, FORCE=1: all)
# Needs Debian's python3-numpy python3-pandas python3-tqdm python3-absl (run with /usr/bin/python3).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
oracle="$(cd "$1" && pwd)"; shift
only=" $* "
mkdir -p "$here/runs"
tail -n +2 "$here/runs.csv" | while IFS=, read -r name rows cols df ikb fkb okb mode bw rep opt block topo seed; do
  if [ -n "${*:-}" ] && [[ "$only" != *" $name "* ]]; then continue; fi
  dir="$here/runs/$name"
  if [ -z "${*:-}" ] && [ -f "$dir/SPARSE_REPORT.csv" ] && [ -z "${FORCE:-}" ]; then echo "$name: kept (FORCE=1 to redo)"; continue; fi
  mkdir -p "$dir"
  cat > "$dir/scale.cfg" <<CFG
[general]
run_name = $name

[architecture_presets]
ArrayHeight:    $rows
ArrayWidth:     $cols
IfmapSramSzkB:   $ikb
FilterSramSzkB:  $fkb
OfmapSramSzkB:   $okb
IfmapOffset:    0
FilterOffset:   10000000
OfmapOffset:    20000000
Bandwidth : $bw
Dataflow : $df
MemoryBanks:   1
ReadRequestBuffer: 128
WriteRequestBuffer: 128

[sparsity]
SparsitySupport : true
SparseRep : $rep
OptimizedMapping : $opt
BlockSize : $block
RandomNumberGeneratorSeed : ${seed:-40}

[run_presets]
InterfaceBandwidth: $mode
UseRamulatorTrace: False

[layout]
IfmapCustomLayout: False
IfmapSRAMBankBandwidth: $bw
IfmapSRAMBankNum: 1
IfmapSRAMBankPort: 2
FilterCustomLayout: False
FilterSRAMBankBandwidth: $bw
FilterSRAMBankNum: 1
FilterSRAMBankPort: 2
CFG
  kind=conv; case "$topo" in *gemm*) kind=gemm;; esac
  tmp="$(mktemp -d)"
  start=$(date +%s.%N)
  (cd "$oracle" && PYTHONPATH="$oracle" nice -n 10 /usr/bin/python3 -m scalesim.scale -c "$dir/scale.cfg" \
      -t "$here/topologies/$topo" -p "$tmp" -i $kind > "$tmp/log.txt" 2>&1 </dev/null) || { echo "$name: SCALE-Sim failed"; tail -c 600 "$tmp/log.txt"; rm -rf "$tmp"; continue; }
  end=$(date +%s.%N)
  for f in COMPUTE_REPORT BANDWIDTH_REPORT DETAILED_ACCESS_REPORT SPARSE_REPORT; do cp "$tmp/$name/$f.csv" "$dir/$f.csv"; done
  printf '%s %.1f s\n' "$name" "$(echo "$end - $start" | bc)"
  rm -rf "$tmp"
done
