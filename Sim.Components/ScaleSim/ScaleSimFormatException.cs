using Sim.Vocabulary.IO;

namespace Sim.Components.ScaleSim;

/// <summary>
/// A problem in a SCALE-Sim configuration or topology file, located by file, line (1-based, 0 if none) and key.
/// The key may be text from the file (a malformed line): it is kept to a short excerpt with control characters escaped.
/// </summary>
public sealed class ScaleSimFormatException(string file, int line, string key, string problem)
    : Exception(line > 0 ? $"{file}:{line}: {TextExcerpt.Escape(key)}: {problem}" : $"{file}: {TextExcerpt.Escape(key)}: {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Key { get; } = TextExcerpt.Escape(key);
    public string Problem { get; } = problem;
}
