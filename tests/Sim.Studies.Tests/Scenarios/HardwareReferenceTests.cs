using Sim.Components.Config;
using Sim.Components.Config.Schema;
using Sim.Studies.Output;
using Sim.Studies.Scenarios;

namespace Sim.Studies.Tests.Scenarios;

/// <summary>
/// docs/hardware.md and scenarios/hardware/sat-default.yaml are generated from the parameter declarations:
/// the committed copies must be what the declarations give now, and the generated YAML must load to SAT's
/// defaults. With SATSIM_REGENERATE=1 the test rewrites them instead.
/// </summary>
public sealed class HardwareReferenceTests
{
    [Theory]
    [InlineData("markdown")]
    [InlineData("yaml")]
    public void CommittedFilesAreWhatTheSchemaGenerates(string which)
    {
        var (relative, text) = which == "markdown"
            ? (HardwareReference.MarkdownPath, HardwareReference.Markdown())
            : (HardwareReference.DefaultYamlPath, HardwareReference.DefaultYaml());
        var path = Path.Combine(RepoPaths.Root, relative);
        if (Environment.GetEnvironmentVariable("SATSIM_REGENERATE") == "1")
        {
            File.WriteAllText(path, text);
        }
        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        Assert.True(committed == text, $"{relative} differs from what HardwareConfig.Schema generates; regenerate with: {HardwareReference.RegenerateCommand}");
    }

    [Fact]
    public void GeneratedDefaultsLoadToSatsDefaults()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("satsim-ref-").FullName, "sat-default.yaml");
        File.WriteAllText(file, HardwareReference.DefaultYaml());
        var loaded = HardwareYaml.LoadFile(file);
        Assert.Equal(Json.Serialize(HardwareYaml.Describe(HardwareConfig.Sat), indented: false), Json.Serialize(HardwareYaml.Describe(loaded), indented: false));
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Fact]
    public void EveryLeafKeyIsDocumentedOnceWithItsRange()
    {
        var md = HardwareReference.Markdown();
        foreach (var (path, p) in HardwareConfig.Schema.Leaves())
        {
            var row = md.Split('\n').Where(l => l.StartsWith($"| `{path}` |", StringComparison.Ordinal)).ToList();
            Assert.True(row.Count == 1, $"{path}: {row.Count} rows");
            if (p.Kind is ParameterKind.Integer or ParameterKind.Number or ParameterKind.Bytes)
            {
                Assert.Contains(p.RangeText, row[0]);
            }
        }
    }

    [Theory]
    // One key per block, just outside its declared range: the reader's message names the key and the range.
    [InlineData("array: { rows: 4097 }", "hardware.array.rows: 4097 is out of range; expected an integer from 1 to 4096 (PEs)")]
    [InlineData("dram: { ddr4: { tburst_ns: 0 } }", "hardware.dram.ddr4.tburst_ns: 0 is out of range; expected a number from 0.01 to 1000 (ns)")]
    [InlineData("energy: { static_power_w: 20000 }", "hardware.energy.static_power_w: 20000 is out of range")]
    [InlineData("sparse_gen: { lanes: 0 }", "hardware.sparse_gen.lanes: 0 is out of range")]
    public void TheReadersRangesAreTheDeclaredOnes(string hardware, string expected)
    {
        var e = Assert.Throws<Errors.SatSimInputException>(() => ScenarioLoader.Parse($"name: r\nhardware: {{ {hardware} }}\nworkload: {{model: lenet5, dataset: timing-only, batch: 1, methods: [dense]}}\n", "r.yaml"));
        Assert.Contains(expected, e.Message);
    }
}
