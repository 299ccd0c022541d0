using System.Globalization;
using Sim.Components.Config;
using Sim.Components.Config.Schema;
using Sim.Studies.Errors;
using Sim.Studies.Scenarios;
using Sim.Studies.Sweeps;

namespace Sim.Studies.Tests.Scenarios;

/// <summary>
/// Every numeric range declared in <see cref="HardwareConfig.Schema"/> is enforced, generated from the declarations
/// themselves: for each leaf parameter and each bound, the nearest value outside it is refused with the parameter's
/// key path, the value and the declared range, and the bound itself (inclusive) is accepted, by each of the three
/// ways in: <see cref="HardwareConfig.Validate"/> on a configuration built in code, a scenario's <c>hardware:</c>
/// section, and a sweep axis by key path.
/// </summary>
public sealed class DeclaredRangeTests
{
    private const string Workload = "workload: { model: mlp, dataset: timing-only, methods: [dense], batch: 2 }\n";

    /// <summary>(key path, value, outside?) for both bounds of every numeric leaf.</summary>
    public static TheoryData<string, double, bool> Bounds()
    {
        var data = new TheoryData<string, double, bool>();
        foreach (var (path, p) in HardwareConfig.Schema.Leaves())
        {
            switch (p.Kind)
            {
                case ParameterKind.Integer or ParameterKind.Bytes:
                    data.Add(path, p.Min - 1, true);
                    data.Add(path, p.Min, false);
                    data.Add(path, p.Max, false);
                    data.Add(path, p.Max + 1, true);
                    break;
                case ParameterKind.Number:
                    data.Add(path, Math.BitDecrement(p.Min), true);
                    data.Add(path, p.Min, false);
                    data.Add(path, p.Max, false);
                    data.Add(path, Math.BitIncrement(p.Max), true);
                    break;
            }
        }
        return data;
    }

    [Fact]
    public void EveryNumericLeafIsCovered() =>
        Assert.Equal(4 * HardwareConfig.Schema.Leaves().Count(l => l.Parameter.Kind is ParameterKind.Integer or ParameterKind.Bytes or ParameterKind.Number), Bounds().Count);

    [Theory]
    [MemberData(nameof(Bounds))]
    public void ValidateEnforcesTheDeclaredRange(string path, double value, bool outside)
    {
        var p = HardwareConfig.Schema.Resolve(path)!;
        var config = (HardwareConfig)HardwareConfig.Schema.With(HardwareConfig.Sat, path, Typed(p, value));
        var ranges = config.Validate().Where(m => m.Contains("out of range", StringComparison.Ordinal)).ToList();
        if (outside)
        {
            Assert.Equal($"{path}: {Text(p, value)} is out of range; expected {p.Expected}", Assert.Single(ranges));
            Assert.Contains(p.RangeText, ranges[0]);
        }
        else
        {
            Assert.Empty(ranges);
        }
    }

    [Theory]
    [MemberData(nameof(Bounds))]
    public void TheScenarioReaderEnforcesTheDeclaredRange(string path, double value, bool outside)
    {
        var p = HardwareConfig.Schema.Resolve(path)!;
        var yaml = $"hardware: {Nested(path, Text(p, value))}\n" + Workload;
        var errors = new List<string>();
        try
        {
            var scenario = ScenarioLoader.Parse(yaml, "s.yaml");
            Assert.Equal(Typed(p, value), p.Get(Owner(scenario.Hardware, path)));
        }
        catch (SatSimInputException e)
        {
            errors.AddRange(e.Errors.Select(x => x.ToString()));
        }
        var ranges = errors.Where(m => m.Contains("out of range", StringComparison.Ordinal)).ToList();
        if (outside)
        {
            Assert.EndsWith($": hardware.{path}: {Text(p, value)} is out of range; expected {p.Expected}", Assert.Single(ranges));
        }
        else
        {
            Assert.Empty(ranges);
        }
    }

    [Theory]
    [MemberData(nameof(Bounds))]
    public void ASweepAxisEnforcesTheDeclaredRange(string path, double value, bool outside)
    {
        var p = HardwareConfig.Schema.Resolve(path)!;
        var sweep = $"workload: {{model: lenet5, batch: 2, method: dense}}\ngrid:\n  {path}: [{Text(p, value)}]\n";
        if (outside)
        {
            var e = Assert.Throws<SatSimInputException>(() => SweepSpecLoader.Parse(sweep, "s.yaml"));
            Assert.EndsWith($": grid.{path}: {Text(p, value)} is out of range; expected {p.Expected}", Assert.Single(e.Errors).ToString());
        }
        else
        {
            var spec = SweepSpecLoader.Parse(sweep, "s.yaml");
            Assert.Equal(Text(p, value), spec.ValuesOf(SweepAxis.ForParameter(path)!).Single());
        }
    }

    /// <summary>The value as a scenario writes it: an integer, or a number in round-trip form.</summary>
    private static string Text(HardwareParameter p, double value) => p.Kind == ParameterKind.Number
        ? value.ToString("R", CultureInfo.InvariantCulture)
        : ((long)value).ToString(CultureInfo.InvariantCulture);

    private static object Typed(HardwareParameter p, double value) => p.Kind switch
    {
        ParameterKind.Integer => (object)(int)value,
        ParameterKind.Bytes => (object)(long)value,
        _ => (object)value,
    };

    /// <summary>"a.b.c" and v as an inline mapping { a: { b: { c: v } } }.</summary>
    private static string Nested(string path, string value) =>
        path.Split('.').Reverse().Aggregate(value, (inner, key) => $"{{ {key}: {inner} }}");

    /// <summary>The record that holds the leaf at <paramref name="path"/> (the configuration itself for the array group).</summary>
    private static object Owner(HardwareConfig config, string path)
    {
        object owner = config;
        var schema = HardwareConfig.Schema;
        var keys = path.Split('.');
        foreach (var key in keys[..^1])
        {
            var p = schema.Find(key)!;
            owner = p.Get(owner)!;
            schema = p.Block!;
        }
        return owner;
    }
}
