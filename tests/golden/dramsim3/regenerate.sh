#!/usr/bin/env bash
# Regenerates dramsim3.csv (see README.md): DRAMsim3's figures for the DRAM validation streams.
# Usage: regenerate.sh DRAMSIM3_CHECKOUT   (built: libdramsim3.so at its top, as `cmake .. && make` in build/ leaves it)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
oracle="$(cd "$1" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
g++ -O2 -std=c++17 -I"$oracle/src" -I"$oracle/ext/headers" "$here/drive.cpp" -L"$oracle" -ldramsim3 -Wl,-rpath,"$oracle" -o "$tmp/drive"
dotnet run --project "$repo/Sim.Cli/Sim.Cli.csproj" -c Release -- dram-streams --out "$tmp/streams" --quiet
mkdir -p "$tmp/out"
{
  head -1 "$tmp/streams/satsim-ddr4.csv"
  tail -n +2 "$tmp/streams/satsim-ddr4.csv" | cut -d, -f1 | while read -r s; do
    "$tmp/drive" "$here/ddr4_2400r_x8_1rank.ini" "$tmp/streams/$s.trace" "$s" "$tmp/out"
  done
} > "$here/dramsim3.csv"
echo "wrote $here/dramsim3.csv"
