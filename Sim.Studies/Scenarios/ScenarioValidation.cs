using Sim.Studies.Errors;
using Sim.Studies.Timing;

namespace Sim.Studies.Scenarios;

/// <summary>
/// <c>satsim validate</c>'s engine: loads each scenario file as a run would (every check of the scenario reader,
/// the hardware schema's keys and ranges included), makes the checks run makes before any work
/// (<see cref="ScenarioPreflight"/>: every layer tiles on the buffers), and collects, per file, that it is valid or
/// all its problems.
/// </summary>
public static class ScenarioValidation
{
    /// <summary>The files that loaded, and every problem of the others (each one line with file, line and column).</summary>
    public static (IReadOnlyList<string> Valid, IReadOnlyList<InputError> Errors) Check(IEnumerable<string> files) =>
        Check(files, IterationTimer.Default);

    /// <summary>As <see cref="Check(IEnumerable{string})"/>, tiling with <paramref name="timer"/>'s planner (the one run uses).</summary>
    public static (IReadOnlyList<string> Valid, IReadOnlyList<InputError> Errors) Check(IEnumerable<string> files, IterationTimer timer)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<InputError>();
        var valid = new List<string>();
        foreach (var file in files)
        {
            try
            {
                ScenarioPreflight.Check(ScenarioLoader.Load(file), timer);
                valid.Add(file);
            }
            catch (SatSimInputException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        return (valid, errors);
    }
}
