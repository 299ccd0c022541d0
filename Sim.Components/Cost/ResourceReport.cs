namespace Sim.Components.Cost;

/// <summary>One resource of a design: used (rounded up to whole primitives), available on the device, and the ratio.</summary>
public sealed record ResourceUse(string Resource, long Used, long Available)
{
    /// <summary>Used over available in percent; 0 when both are 0 (a device without UltraRAM and a design using none).</summary>
    public double Percent => Available == 0 ? (Used == 0 ? 0 : double.PositiveInfinity) : 100.0 * Used / Available;
}

/// <summary>
/// What a design takes of a device: per resource used, available and %, whether it fits (every resource within
/// <see cref="DesignOptions.MaxUtilization"/>) and the limiting resource (the highest utilization: the one that
/// overflows, or the one closest to the limit when the design fits), with the breakdown per block and per buffer.
/// </summary>
public sealed record ResourceReport
{
    public required FpgaDevice Device { get; init; }
    public required OperandPrecision Precision { get; init; }

    /// <summary>dsp, lut, ff, bram, uram and the board's memory channels (dram_channels) in this order.</summary>
    public required IReadOnlyList<ResourceUse> Resources { get; init; }
    public required IReadOnlyList<(string Block, ResourceVector Use)> Blocks { get; init; }
    public required IReadOnlyList<BufferMapping> Buffers { get; init; }
    public required double MaxUtilization { get; init; }

    public ResourceUse this[string resource] => Resources.First(r => r.Resource == resource);

    public bool Fits => Resources.All(r => r.Percent <= 100 * MaxUtilization + 1e-9);

    public string LimitingResource => Resources.Aggregate((a, b) => b.Percent > a.Percent ? b : a).Resource;

    /// <summary>"fits" or why not, e.g. "dsp 16,384 > 6,840 available (239.5 %)".</summary>
    public string Reason
    {
        get
        {
            if (Fits)
            {
                return "fits";
            }
            var over = Resources.Where(r => r.Percent > 100 * MaxUtilization + 1e-9).Select(r =>
                $"{r.Resource} {r.Used:N0} > {(long)Math.Floor(r.Available * MaxUtilization):N0} available ({r.Percent:F1} %)");
            return $"does not fit {Device.Name}: {string.Join(", ", over)}";
        }
    }
}
