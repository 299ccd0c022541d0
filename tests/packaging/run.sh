#!/usr/bin/env bash
# Packaging test: the libraries pack as NuGet packages and `satsim` as a .NET tool, and both install the way README.md
# ("SatSim as a library") shows, needing nothing but the repository and the packages its own restore brought:
#   1. `dotnet pack SatSim.sln -c Release -o DIR` (--no-build when the Release build is there, as after .ci/run's test
#      command) makes exactly one package per library and the satsim tool package. They get a version of their own
#      (1.0.0-packtest.<time>.<pid>), so no package cache can hand back an older build under the same version;
#   2. `dotnet tool install --tool-path TMP --add-source DIR satsim`, with DIR as the only package source (a tool
#      package carries its dependencies, so no registry is asked); the installed `satsim --version` must print what
#      the built satsim prints, and `satsim validate` and a timing-only `satsim run` must succeed;
#   3. a new console project outside the repository references Sim.Studies from DIR (its dependencies, YamlDotNet,
#      SkiaSharp and the rest, come from the local package cache as a source, so this works offline) and runs the same
#      scenario through the API: its cycles per iteration must equal the installed tool's report.json.
# Everything goes to a temporary folder, removed on exit, with the test packages' folders in the package cache.
# Prints one closing line "packaging test: Failed: F, Passed: P, Skipped: S" and exits non-zero on failure.
# Run by .ci/run after the test suite (about 1-3 min on 2 cores); by hand: bash tests/packaging/run.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NAME="packaging test"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
IDS="satsim Sim.Vocabulary Sim.Core Sim.Components Sim.Workloads Sim.Training Sim.Onnx Sim.Mapping Sim.Studies"
version="1.0.0-packtest.$(date +%s).$$"
cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
work=$(mktemp -d "${TMPDIR:-/tmp}/satsim-pack-XXXXXX")
cleanup() {
  rm -rf "$work"
  for id in $IDS; do
    local lower
    lower=$(echo "$id" | tr '[:upper:]' '[:lower:]')
    rm -rf "${cache%/}/$lower/$version"
    rmdir "${cache%/}/$lower" 2>/dev/null || true
  done
}
trap cleanup EXIT
say() { echo "$NAME: $*"; }
fail() { say "FAILED: $*" >&2; say "Failed: 1, Passed: 0, Skipped: 0"; exit 1; }
started=$(date +%s)

# 1. pack
nobuild=()
[ -f "$ROOT/Sim.Cli/bin/Release/net10.0/satsim.dll" ] && nobuild=(--no-build)
dotnet pack "$ROOT/SatSim.sln" -c Release "${nobuild[@]}" -p:PackageVersion="$version" -o "$work/nupkg" -v q -clp:ErrorsOnly \
  >"$work/pack.log" 2>&1 || { cat "$work/pack.log" >&2; fail "dotnet pack failed"; }
for id in $IDS; do
  [ -f "$work/nupkg/$id.$version.nupkg" ] || fail "dotnet pack made no $id.$version.nupkg (made: $(ls "$work/nupkg" | tr '\n' ' '))"
done
made=$(ls "$work/nupkg" | wc -l)
[ "$made" -eq 9 ] || fail "expected the 9 packages $IDS, dotnet pack made $made: $(ls "$work/nupkg" | tr '\n' ' ')"

# 2. the tool, from the packed folder alone
cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="satsim-packed" value="$work/nupkg" />
  </packageSources>
</configuration>
XML
dotnet tool install --tool-path "$work/tools" --configfile "$work/nuget.config" --add-source "$work/nupkg" satsim --version "$version" \
  >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "dotnet tool install satsim failed"; }
tool="$work/tools/satsim"
[ -x "$tool" ] || fail "dotnet tool install made no $tool"
printed=$("$tool" --version) || fail "the installed 'satsim --version' failed"
built=$(dotnet "$ROOT/Sim.Cli/bin/Release/net10.0/satsim.dll" --version)
[ -n "$printed" ] && [ "$printed" = "$built" ] || fail "the installed 'satsim --version' printed '$printed', the built satsim '$built'"
"$tool" validate "$ROOT/scenarios/quickstart.yaml" >"$work/validate.log" 2>&1 || { cat "$work/validate.log" >&2; fail "the installed 'satsim validate' failed"; }
cat >"$work/tiny.yaml" <<'YAML'
name: tiny
hardware:
  array: { rows: 8, cols: 8 }
workload:
  model: lenet5
  dataset: timing-only
  batch: 2
  methods: [dense, bdwp]
  nm: "2:8"
YAML
(cd "$work" && "$tool" run tiny.yaml --out "$work/run" --quiet) >"$work/run.log" 2>&1 || { cat "$work/run.log" >&2; fail "the installed 'satsim run' failed"; }
for f in report.json layers.csv timeline.png roofline.png; do
  [ -s "$work/run/$f" ] || fail "the installed 'satsim run' wrote no $f"
done
tool_cycles=$(grep -o '"cycles_per_iteration": [0-9]*' "$work/run/report.json" | awk '{print $2}' | tr '\n' ' ')

# 3. the library, from a new project
mkdir -p "$work/consumer"
cat >"$work/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Sim.Studies" Version="$version" />
  </ItemGroup>
</Project>
XML
cat >"$work/consumer/Program.cs" <<'CS'
using Sim.Studies.Cosim;
using Sim.Studies.Scenarios;

var scenario = ScenarioLoader.Parse(File.ReadAllText(args[0]), args[0]);
Console.WriteLine(string.Join(" ", new CoSimulation(scenario).Run().Report.Methods.Select(m => m.CyclesPerIteration)) + " ");
CS
cat >"$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="satsim-packed" value="$work/nupkg" />
    <add key="local-cache" value="$cache" />
  </packageSources>
</configuration>
XML
dotnet run --project "$work/consumer" -c Release -- "$work/tiny.yaml" >"$work/consumer.log" 2>&1 \
  || { cat "$work/consumer.log" >&2; fail "the project referencing the Sim.Studies package did not build or run"; }
lib_cycles=$(tail -n 1 "$work/consumer.log")
[ -n "$tool_cycles" ] && [ "$lib_cycles" = "$tool_cycles" ] \
  || fail "cycles per iteration through the Sim.Studies package '$lib_cycles', through the installed tool '$tool_cycles'"

say "9 packages, tool $printed installed and run, Sim.Studies used from a new project (cycles $tool_cycles) in $(( $(date +%s) - started )) s"
say "Failed: 0, Passed: 1, Skipped: 0"
