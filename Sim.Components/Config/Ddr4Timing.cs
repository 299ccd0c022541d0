namespace Sim.Components.Config;

/// <summary>
/// Optional DDR4 bank timing for users who want more than bandwidth plus latency: each channel has
/// <see cref="Banks"/> banks with one open row each; a request to the open row pays tCL, a request to a
/// closed bank tRCD + tCL, a row conflict tRP + tRCD + tCL; every burst occupies the data bus for tBURST.
/// Defaults: DDR4-2400R (JEDEC speed bin 16-16-16, tCK = 0.833 ns, BL8 = 4 tCK), x8 devices on a 64-bit
/// channel: 16 banks in 4 bank groups, 8 KiB row (page) per rank.
/// </summary>
public sealed record Ddr4Timing
{
    public int Banks { get; init; } = 16;
    public int RowBytes { get; init; } = 8192;
    public double TRcdNs { get; init; } = 13.32;
    public double TClNs { get; init; } = 13.32;
    public double TRpNs { get; init; } = 13.32;
    public double TBurstNs { get; init; } = 3.33;

    internal void Validate(string prefix, List<string> problems)
    {
        if (Banks <= 0) problems.Add($"{prefix}.Banks: must be >= 1 (got {Banks})");
        if (RowBytes <= 0) problems.Add($"{prefix}.RowBytes: must be >= 1 (got {RowBytes})");
        if (!(TRcdNs >= 0)) problems.Add($"{prefix}.TRcdNs: must be >= 0 ns (got {TRcdNs})");
        if (!(TClNs >= 0)) problems.Add($"{prefix}.TClNs: must be >= 0 ns (got {TClNs})");
        if (!(TRpNs >= 0)) problems.Add($"{prefix}.TRpNs: must be >= 0 ns (got {TRpNs})");
        if (!(TBurstNs > 0)) problems.Add($"{prefix}.TBurstNs: must be > 0 ns (got {TBurstNs})");
    }
}
