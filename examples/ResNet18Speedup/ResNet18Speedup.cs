using System.Globalization;
using Sim.Components.Config;
using Sim.Studies.Cosim;
using Sim.Studies.Reports;
using Sim.Studies.Scenarios;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;

namespace Sim.Examples;

/// <summary>
/// The worked example of the public API: one scenario built in code, the same one parsed from YAML text, a
/// timing-only co-simulation of ResNet-18 (CIFAR) dense against BDWP 2:8 on SAT's default hardware, and the
/// speed-up and per-stage cycles printed.
/// </summary>
public static class ResNet18Speedup
{
    /// <summary>The scenario in code: no file needed.</summary>
    public static Scenario InCode(int batch) => new()
    {
        Name = "resnet18-in-code",
        SourceFile = "(built in code)",
        Text = "",
        Hardware = HardwareConfig.Sat with { ArrayRows = 32, ArrayCols = 32 },
        Workload = new WorkloadSpec
        {
            Model = "resnet18-cifar",
            Dataset = WorkloadSpec.TimingOnly,
            Batch = batch,
            Methods = [TrainingMethod.Dense, TrainingMethod.Bdwp],
            Nm = new NmPattern(2, 8),
            Iterations = 1,
        },
    };

    /// <summary>The same scenario as YAML text, validated like a scenario file.</summary>
    public static Scenario FromYaml(int batch) => ScenarioLoader.Parse($$"""
        name: resnet18-from-yaml
        hardware:
          array: { rows: 32, cols: 32 }
        workload:
          model: resnet18-cifar
          dataset: timing-only
          batch: {{batch}}
          methods: [dense, bdwp]
          nm: "2:8"
          iterations: 1
        """, "resnet18.yaml");

    /// <summary>Runs both scenarios and prints the speed-up and the per-stage span cycles of each method.</summary>
    public static IReadOnlyList<RunReport> Run(int batch, TextWriter output)
    {
        var reports = new List<RunReport>();
        foreach (var scenario in new[] { InCode(batch), FromYaml(batch) })
        {
            var report = new CoSimulation(scenario).Run().Report;
            reports.Add(report);
            output.WriteLine(report.Title);
            foreach (var m in report.Methods)
            {
                var stages = string.Join(", ", m.StageSpanCycles.Select(s => $"{s.Key} {s.Value.ToString("N0", CultureInfo.InvariantCulture)}"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {m.Label,-9} {m.CyclesPerIteration,12:N0} cycles  speed-up {m.SpeedupVsDense:F2}x  stages: {stages}"));
            }
        }
        return reports;
    }
}
