using Sim.Vocabulary.IO;

namespace Sim.Mapping.Traces;

/// <summary>
/// A trace file that is truncated, of an unknown version or malformed. <see cref="Line"/> is 1-based;
/// the message is one line, "file:line: what was expected", fit for the CLI (control characters escaped).
/// </summary>
public sealed class TraceFormatException(string file, int line, string problem)
    : Exception($"{file}:{line}: {TextExcerpt.Sanitize(problem)}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public string Problem { get; } = problem;
}
