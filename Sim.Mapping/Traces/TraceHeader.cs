namespace Sim.Mapping.Traces;

/// <summary>
/// First line of a trace: what the operations describe (model, method, N:M, batch) and for which hardware
/// (<see cref="HardwareHash"/>), with the format version a reader checks before anything else.
/// </summary>
public sealed record TraceHeader(string Model, string Method, string Nm, int Batch, string HardwareHash)
{
    /// <summary>The value of the header's "format" field.</summary>
    public const string FormatName = "satsim-trace";

    /// <summary>The version this code writes and reads.</summary>
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
}
