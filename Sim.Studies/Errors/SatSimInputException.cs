namespace Sim.Studies.Errors;

/// <summary>
/// Bad input (scenario, trace, data or configuration file): the command prints each
/// <see cref="InputError"/> on its own line and exits with status 1 (input error), never a stack trace.
/// Carries several errors so a validator can report every problem of a file at once.
/// </summary>
public sealed class SatSimInputException : Exception
{
    public SatSimInputException(string file, int line, int column, string message)
        : this([new InputError(file, line, column, message)])
    {
    }

    public SatSimInputException(string file, string message)
        : this([new InputError(file, 0, 0, message)])
    {
    }

    public SatSimInputException(IReadOnlyList<InputError> errors)
        : base(errors is null || errors.Count == 0 ? "invalid input" : string.Join(Environment.NewLine, Cap(errors)))
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("at least one error is required", nameof(errors));
        }
        Errors = Cap(errors);
    }

    /// <summary>The errors, at most <see cref="MaxErrorsPerFile"/> per file (then one line counting the rest).</summary>
    public IReadOnlyList<InputError> Errors { get; }

    /// <summary>
    /// Most errors reported for one file: a wrongly named file (a system file, a data file) would otherwise be
    /// echoed problem by problem. The rest are counted in one line at the first one left out.
    /// </summary>
    public const int MaxErrorsPerFile = 20;

    private static IReadOnlyList<InputError> Cap(IReadOnlyList<InputError> errors)
    {
        var perFile = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in errors)
        {
            perFile[e.File] = perFile.GetValueOrDefault(e.File) + 1;
        }
        if (perFile.Values.All(n => n <= MaxErrorsPerFile))
        {
            return errors;
        }
        var shown = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<InputError>();
        foreach (var e in errors)
        {
            var n = shown[e.File] = shown.GetValueOrDefault(e.File) + 1;
            if (n < MaxErrorsPerFile || (n == MaxErrorsPerFile && perFile[e.File] == MaxErrorsPerFile))
            {
                result.Add(e);
            }
            else if (n == MaxErrorsPerFile)
            {
                result.Add(e with { Message = $"and {perFile[e.File] - MaxErrorsPerFile + 1} more problems in this file (not shown)" });
            }
        }
        return result;
    }
}
