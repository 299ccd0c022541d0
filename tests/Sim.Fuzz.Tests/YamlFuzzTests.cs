using CsCheck;
using Sim.Studies.Baselines;
using Sim.Studies.Errors;
using Sim.Studies.Scenarios;
using Sim.Studies.Sweeps;

namespace Sim.Fuzz.Tests;

/// <summary>
/// Mutation fuzzing of the YAML and table inputs: scenarios (with hardware and energy-table files), stand-alone
/// hardware files, sweep files and the baseline table. Every sample ends in a loaded, valid value or in
/// <see cref="SatSimInputException"/> whose every line is short and clean.
/// </summary>
public sealed class YamlFuzzTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("satsim-fuzz-yaml").FullName;

    public YamlFuzzTests()
    {
        // Files a mutated scenario may name: an energy table and a hardware file that names the table.
        File.WriteAllText(Path.Combine(_dir, "energy.yaml"), "energy: { dense_mac_pj: 3.0, sparse_mac_pj: 3.5, dram_pj_per_byte: 160 }\n");
        File.WriteAllText(Path.Combine(_dir, "hardware.yaml"), File.ReadAllText(Path.Combine(Corpus.Root, "scenarios", "hardware", "sat-default.yaml")));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void Sample<T>(Gen<T> gen, Action<T> assert, int iterations) => FuzzBudget.Run(gen, assert, iterations, threads: 1);

    private static IEnumerable<string>? InputErrors(Exception e) =>
        e is SatSimInputException s ? s.Errors.Select(x => x.ToString()) : null;

    private static string[] Scenarios() =>
    [
        .. Directory.GetFiles(Path.Combine(Corpus.Root, "scenarios"), "*.yaml").Where(f => !f.Contains("sweep", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(File.ReadAllText),
        "name: e\nhardware: { energy: energy.yaml, vector: { costs: { relu: { cycles_per_element: 2, latency: 1 } } } }\nworkload: { model: mlp, dataset: timing-only, methods: [dense] }\n",
        "name: h\nhardware: hardware.yaml\nworkload: { model: mlp, dataset: synthetic, methods: [dense, bdwp], nm: \"2:4\", epochs: 1 }\n",
    ];

    [Fact]
    public void ScenariosEndInInputErrorsOrAValidScenario()
    {
        var file = Path.Combine(_dir, "s.yaml");
        Sample(Mutator.Text(Scenarios()), text => Outcome.MustEndCleanly(() =>
        {
            var s = ScenarioLoader.Parse(text, file);
            Assert.True(ScenarioLoader.IsSafeName(s.Name), s.Name);
            Assert.Empty(s.Hardware.Validate());
            Assert.InRange(s.Workload.Batch, 1, 65536);
        }, InputErrors), 250);
    }

    [Fact]
    public void HardwareFilesEndInInputErrorsOrAValidConfiguration()
    {
        var corpus = new[] { File.ReadAllText(Path.Combine(_dir, "hardware.yaml")), "hardware: { clock_mhz: 250, energy: energy.yaml }\n" };
        Sample(Mutator.Text(corpus), text => Outcome.MustEndCleanly(() =>
        {
            var path = Path.Combine(_dir, $"hw-{Environment.CurrentManagedThreadId}.yaml");
            File.WriteAllText(path, text, new System.Text.UTF8Encoding(false, false));
            Assert.Empty(HardwareYaml.LoadFile(path).Validate());
        }, InputErrors), 60);
    }

    [Fact]
    public void SweepFilesEndInInputErrorsOrASpec()
    {
        var corpus = new[] { File.ReadAllText(Path.Combine(Corpus.Root, "scenarios", "sweep-array-buffer.yaml")) };
        Sample(Mutator.Text(corpus), text => Outcome.MustEndCleanly(() =>
            SweepSpecLoader.Parse(text, Path.Combine(Corpus.Root, "scenarios", "fuzz-sweep.yaml")), InputErrors), 200);
    }

    [Fact]
    public void BaselineTablesEndInInputErrorsOrRecords()
    {
        var corpus = new[] { File.ReadAllText(Path.Combine(Corpus.Root, "data", "fpga-baselines.csv")) };
        Sample(Mutator.Text(corpus), text => Outcome.MustEndCleanly(() =>
            BaselineCatalog.Parse(text.Split('\n'), "b.csv"), InputErrors), 200);
    }
}
