using Sim.Studies.Errors;

namespace Sim.Studies.Scenarios;

/// <summary>
/// <c>satsim validate</c>'s engine: loads each scenario file as a run would (every check of the scenario reader,
/// the hardware schema's keys and ranges included) and collects, per file, that it is valid or all its problems.
/// </summary>
public static class ScenarioValidation
{
    /// <summary>The files that loaded, and every problem of the others (each one line with file, line and column).</summary>
    public static (IReadOnlyList<string> Valid, IReadOnlyList<InputError> Errors) Check(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<InputError>();
        var valid = new List<string>();
        foreach (var file in files)
        {
            try
            {
                ScenarioLoader.Load(file);
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
