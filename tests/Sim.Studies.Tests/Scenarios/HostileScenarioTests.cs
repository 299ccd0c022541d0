using Sim.Studies.Errors;
using Sim.Studies.Scenarios;

namespace Sim.Studies.Tests.Scenarios;

/// <summary>Scenario files written by someone else: no path escapes, no recursion crash, no echoed file, no silent surprise.</summary>
public class HostileScenarioTests
{
    private const string Workload = "workload: { model: mlp, dataset: timing-only, methods: [dense], batch: 2 }\noutputs: { timeline: false, chrome_trace: false, accuracy_plot: false }\n";

    private static IReadOnlyList<string> ErrorsOf(string yaml, string file = "s.yaml") =>
        Assert.Throws<SatSimInputException>(() => ScenarioLoader.Parse(yaml, file)).Errors.Select(x => x.ToString()).ToArray();

    [Theory]
    [InlineData("../../escaped")]
    [InlineData("/tmp/absolute")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("..")]
    public void ANameThatWouldLeaveTheOutputFolderIsRefusedAtItsLine(string name)
    {
        var e = Assert.Single(ErrorsOf($"name: '{name}'\n" + Workload));
        Assert.StartsWith($"s.yaml:1:7: name: '{name}' cannot name the output folder out/<name>", e);
    }

    [Fact]
    public void AHardwareFileThatIncludesItselfNamesTheCycle()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("s.yaml", "hardware: s.yaml\n" + Workload);
        var e = Assert.Throws<SatSimInputException>(() => ScenarioLoader.Load(file));
        Assert.Contains("hardware files include each other in a cycle: s.yaml -> s.yaml", Assert.Single(e.Errors).ToString());
    }

    [Fact]
    public void ATwoFileCycleNamesTheChain()
    {
        using var dir = new TempDirectory();
        dir.Write("a.yaml", "hardware: b.yaml\n");
        dir.Write("b.yaml", "hardware: a.yaml\n");
        var file = dir.Write("s.yaml", "hardware: a.yaml\n" + Workload);
        var e = Assert.Throws<SatSimInputException>(() => ScenarioLoader.Load(file));
        Assert.Contains("cycle: s.yaml -> a.yaml -> b.yaml -> a.yaml", Assert.Single(e.Errors).ToString());
    }

    [Fact]
    public void DeepNestingIsOneErrorNotAStackOverflow()
    {
        var e = Assert.Single(ErrorsOf("a: " + new string('[', 200_000) + new string(']', 200_000) + "\n"));
        Assert.Equal($"s.yaml:1:{3 + YamlLimits.MaxDepth}: YAML nested deeper than {YamlLimits.MaxDepth} levels; expected a scenario-like file", e);
    }

    [Fact]
    public void ASystemFileNamedAsHardwareIsQuotedAsAShortExcerpt()
    {
        using var dir = new TempDirectory();
        var passwd = dir.Write("passwd", string.Concat(Enumerable.Range(0, 200).Select(i => $"user{i}:x:{i}:{i}:User {i}:/home/u{i}:/bin/sh\n")));
        var file = dir.Write("s.yaml", $"hardware: {passwd}\n" + Workload);
        var e = Assert.Single(Assert.Throws<SatSimInputException>(() => ScenarioLoader.Load(file)).Errors).ToString();
        Assert.True(e.Length < 400, e);
        Assert.DoesNotContain("user10:", e);
    }

    [Fact]
    public void ASystemFileOfKeyValueLinesIsAFewLinesNotOnePerEntry()
    {
        // The shape of /etc/shadow and /proc/meminfo: every line parses as a key nothing knows, and each key is file content.
        using var dir = new TempDirectory();
        var shadow = dir.Write("shadow", string.Concat(Enumerable.Range(0, 300).Select(i => $"user{i}:$6$saltsalt$0123456789abcdefghijklmnopqrstuvwxyz{i}:20228:0:99999:7::: x\n")));
        var file = dir.Write("s.yaml", $"hardware: {shadow}\n" + Workload);
        var errors = Assert.Throws<SatSimInputException>(() => ScenarioLoader.Load(file)).Errors.Select(e => e.ToString()).ToArray();
        Assert.Equal(YamlSection.MaxUnknownKeys + 1, errors.Length);
        Assert.All(errors, e => Assert.True(e.Length < 400, e));
        Assert.All(errors, e => Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz", e));
        Assert.Contains("unknown key 'user0:$6$saltsalt$0123456789abcd...'", errors[0]);
        Assert.Contains($"and {300 - YamlSection.MaxUnknownKeys} more unknown keys (not shown); is this the right file?", errors[^1]);
        Assert.Contains($":{YamlSection.MaxUnknownKeys + 1}:1: hardware:", errors[^1]);
    }

    [Fact]
    public void ManyProblemsOfOneFileAreCappedWithACount()
    {
        var many = Enumerable.Range(0, 50).Select(i => new InputError("a.yaml", i + 1, 1, $"problem {i}")).Append(new InputError("b.yaml", 1, 1, "other")).ToArray();
        var errors = new SatSimInputException(many).Errors;
        Assert.Equal(SatSimInputException.MaxErrorsPerFile + 1, errors.Count);
        Assert.Equal("problem 18", errors[18].Message);
        Assert.Equal(new InputError("a.yaml", 20, 1, $"and {50 - SatSimInputException.MaxErrorsPerFile + 1} more problems in this file (not shown)"), errors[19]);
        Assert.Equal("other", errors[^1].Message);
        var exactly = Enumerable.Range(0, SatSimInputException.MaxErrorsPerFile).Select(i => new InputError("a.yaml", i + 1, 1, $"p{i}")).ToArray();
        Assert.Equal(exactly, new SatSimInputException(exactly).Errors);
    }

    [Fact]
    public void TerminalEscapesInAValueAreEscaped()
    {
        var e = ErrorsOf("workload: { model: \"\\e[2J\\e[31mred\", dataset: timing-only, methods: [dense] }\n")[0];
        Assert.Contains("'\\e[2J\\e[31mred'", e);
        Assert.DoesNotContain('\u001b', e);
    }

    [Fact]
    public void AnEndlessFileIsOneError()
    {
        if (!File.Exists("/dev/zero"))
        {
            return;
        }
        var e = Assert.Single(Assert.Throws<SatSimInputException>(() => ScenarioLoader.Load("/dev/zero")).Errors);
        Assert.Equal("/dev/zero: larger than 4 MiB, the limit for a scenario; is it the right file?", e.ToString());
    }

    [Fact]
    public void AMisspeltVectorCostKindIsAnErrorWithASuggestion()
    {
        var e = Assert.Single(ErrorsOf("hardware: { vector: { costs: { reluu: { cycles_per_element: 5 } } } }\n" + Workload));
        Assert.Contains("hardware.vector.costs: unknown operation kind 'reluu'", e);
        Assert.Contains("(did you mean 'relu'?)", e);
    }

    [Theory]
    [InlineData("clock_mhz: 1e-300", "hardware.clock_mhz: 1e-300 is out of range; expected a number from 1 to 10000 (MHz)")]
    [InlineData("dram: { gbps_per_channel: 1e-300 }", "hardware.dram.gbps_per_channel: 1e-300 is out of range")]
    [InlineData("energy: { static_power_w: 1e8 }", "hardware.energy.static_power_w: 1e8 is out of range")]
    public void PhysicallyAbsurdValuesAreOutOfRange(string hardware, string expected)
    {
        Assert.Contains(expected, Assert.Single(ErrorsOf($"hardware: {{ {hardware} }}\n" + Workload)));
    }

    [Fact]
    public void ADataFolderWithoutTheDataSetIsAnErrorAtLoadNotAFetch()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Sub("data"));
        var file = dir.Write("s.yaml", "workload: { model: lenet5, dataset: mnist, methods: [dense], data_dir: data }\n");
        var e = Assert.Single(Assert.Throws<SatSimInputException>(() => ScenarioLoader.Load(file)).Errors).ToString();
        Assert.Contains("workload.data_dir:", e);
        Assert.Contains("holds no mnist", e);
    }

    [Fact]
    public void VectorKindsListEveryKindTheZooLowersTo()
    {
        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in Sim.Workloads.Models.ModelZoo.Names)
        {
            foreach (var method in new[] { Sim.Workloads.Lowering.TrainingMethod.Dense, Sim.Workloads.Lowering.TrainingMethod.Bdwp })
            {
                foreach (var op in Sim.Workloads.Lowering.IterationLowering.Lower(Sim.Workloads.Models.ModelZoo.Create(name), new Sim.Workloads.Lowering.LoweringOptions { Method = method }))
                {
                    if (op.Kind == Sim.Workloads.Lowering.LayerOpKind.ElementWise)
                    {
                        kinds.Add(op.Op);
                    }
                }
            }
        }
        Assert.Subset(new SortedSet<string>(Sim.Workloads.Lowering.IterationLowering.VectorKinds, StringComparer.Ordinal), kinds);
    }
}
