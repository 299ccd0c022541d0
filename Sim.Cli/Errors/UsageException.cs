namespace Sim.Cli.Errors;

/// <summary>
/// A command line that parses but makes no sense (conflicting flags, a value outside its domain):
/// printed as one line and exits with <see cref="CliApp.UsageError"/>, like a parse error.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
