using Sim.Components.Config;
using Sim.Studies.Errors;
using Sim.Studies.Sweeps;
using Sim.Studies.Timing;
using YamlDotNet.RepresentationModel;

namespace Sim.Studies.Scenarios;

/// <summary>
/// <c>satsim validate</c>'s engine: loads each scenario file as a run would (every check of the scenario reader,
/// the hardware schema's keys and ranges included), makes the checks run makes before any work
/// (<see cref="ScenarioPreflight"/>: every layer tiles on the buffers), and collects, per file, that it is valid or
/// all its problems. A sweep file (top-level <c>grid</c>, <c>random</c> or <c>search</c>, or a <c>workload</c>
/// of axes) is recognised and checked as <c>satsim sweep</c> checks it before its first point.
/// </summary>
public static class ScenarioValidation
{
    /// <summary>The files that loaded, and every problem of the others (each one line with file, line and column).</summary>
    public static (IReadOnlyList<string> Valid, IReadOnlyList<InputError> Errors) Check(IEnumerable<string> files) =>
        Check(files, IterationTimer.Default);

    /// <summary>As <see cref="Check(IEnumerable{string})"/>, tiling with <paramref name="timer"/>'s planner (the one run uses).</summary>
    public static (IReadOnlyList<string> Valid, IReadOnlyList<InputError> Errors) Check(IEnumerable<string> files, IterationTimer timer)
    {
        var (valid, errors) = CheckFiles(files, timer);
        return (valid.Select(v => v.File).ToList(), errors);
    }

    /// <summary>
    /// As <see cref="Check(IEnumerable{string}, IterationTimer)"/>, also saying of each valid file whether it is a sweep
    /// file. Each file is read once (a FIFO or device can be read only once).
    /// </summary>
    public static (IReadOnlyList<(string File, bool Sweep)> Valid, IReadOnlyList<InputError> Errors) CheckFiles(IEnumerable<string> files, IterationTimer timer)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<InputError>();
        var valid = new List<(string, bool)>();
        foreach (var file in files)
        {
            try
            {
                if (Sim.Vocabulary.IO.InputPath.Problem(file) is { } problem)
                {
                    throw new SatSimInputException(file, $"{problem}; expected a scenario YAML file such as scenarios/quickstart.yaml");
                }
                var text = YamlErrorCollector.ReadText(file, "a scenario");
                var sweep = IsSweepText(text, file);
                if (sweep)
                {
                    CheckSweep(SweepSpecLoader.Parse(text, file, checkHardware: true, Sim.Workloads.Models.ModelZoo.Names));
                }
                else
                {
                    ScenarioPreflight.Check(ScenarioLoader.Parse(text, file), timer);
                }
                valid.Add((file, sweep));
            }
            catch (SatSimInputException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        return (valid, errors);
    }

    /// <summary>
    /// Whether <paramref name="text"/> reads as a sweep file rather than a scenario: a top-level <c>grid</c>,
    /// <c>random</c> or <c>search</c>, or a <c>workload</c> naming its axes (<c>method</c>) rather than a
    /// scenario's <c>methods</c>. False for anything that does not parse (the scenario reader then says why).
    /// </summary>
    public static bool IsSweepText(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            YamlLimits.Check(text, file);
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                return false;
            }
            string[] sweepOnly = ["grid", "random", "search"];
            if (sweepOnly.Any(k => root.Children.ContainsKey(new YamlScalarNode(k))))
            {
                return true;
            }
            return !root.Children.ContainsKey(new YamlScalarNode("name"))
                && root.Children.TryGetValue(new YamlScalarNode("workload"), out var w) && w is YamlMappingNode workload
                && workload.Children.ContainsKey(new YamlScalarNode("method")) && !workload.Children.ContainsKey(new YamlScalarNode("methods"));
        }
        catch (Exception e) when (e is SatSimInputException or YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Checks a sweep as <c>satsim sweep</c> does before evaluating its first point (its keys, axis values and models
    /// were checked reading it): its base hardware file and the size of its grid.
    /// </summary>
    public static void CheckSweep(SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _ = spec.HardwarePath is { } hw ? HardwareYaml.LoadFile(hw) : HardwareConfig.Sat;
        if (spec.Search is null)
        {
            _ = PointExpansion.Expand(spec);
        }
    }
}
