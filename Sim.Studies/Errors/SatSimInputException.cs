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
        : base(errors.Count == 0 ? "invalid input" : string.Join(Environment.NewLine, errors))
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("at least one error is required", nameof(errors));
        }
        Errors = errors;
    }

    public IReadOnlyList<InputError> Errors { get; }
}
