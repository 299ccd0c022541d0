namespace Sim.Components.ScaleSim;

/// <summary>A problem in a SCALE-Sim configuration or topology file, located by file, line (1-based, 0 if none) and key.</summary>
public sealed class ScaleSimFormatException(string file, int line, string key, string problem)
    : Exception(line > 0 ? $"{file}:{line}: {key}: {problem}" : $"{file}: {key}: {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Key { get; } = key;
    public string Problem { get; } = problem;
}
