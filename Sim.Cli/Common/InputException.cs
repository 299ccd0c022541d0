namespace Sim.Cli.Common;

/// <summary>
/// Bad input (a file, flag or field) detected by a command. Its message is the one line the user sees:
/// it names the file, line or field and what was expected, so commands print it and exit with
/// <see cref="CliApp.InputError"/> instead of showing a stack trace.
/// </summary>
public sealed class InputException(string message) : Exception(message);
