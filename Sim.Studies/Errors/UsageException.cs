namespace Sim.Studies.Errors;

/// <summary>
/// A command line that parses but makes no sense (conflicting flags, a value outside its domain):
/// printed as one line and exits with status 2 (usage error), like a parse error.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
