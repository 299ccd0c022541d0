namespace Sim.Components.Config;

/// <summary>Thrown by <see cref="HardwareConfig.EnsureValid"/>; carries every problem so a CLI can print them all.</summary>
public sealed class InvalidConfigException(IReadOnlyList<string> problems)
    : Exception("invalid hardware configuration: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
