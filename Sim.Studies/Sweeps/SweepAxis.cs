namespace Sim.Studies.Sweeps;

/// <summary>
/// A dimension of the design space a sweep can vary. The enum order is the expansion order (the last
/// axis varies fastest) and the column order of <c>sweep.csv</c>, so it must never be reordered.
/// </summary>
public enum SweepAxis
{
    Model,
    Batch,
    Method,
    Nm,
    PeRows,
    PeCols,
    InputBufferKib,
    WeightBufferKib,
    OutputBufferKib,
    DramChannels,
    DramBandwidthGbps,
    Device,
}

/// <summary>Names and value kinds of <see cref="SweepAxis"/> as they appear in sweep files and CSV headers.</summary>
public static class SweepAxes
{
    public static readonly IReadOnlyList<SweepAxis> All = Enum.GetValues<SweepAxis>();

    /// <summary>Axes of the <c>workload:</c> section; the rest belong to <c>grid:</c>.</summary>
    public static bool IsWorkloadAxis(SweepAxis axis) => axis <= SweepAxis.Nm;

    public static string Name(SweepAxis axis) => axis switch
    {
        SweepAxis.Model => "model",
        SweepAxis.Batch => "batch",
        SweepAxis.Method => "method",
        SweepAxis.Nm => "nm",
        SweepAxis.PeRows => "pe_rows",
        SweepAxis.PeCols => "pe_cols",
        SweepAxis.InputBufferKib => "input_buffer_kib",
        SweepAxis.WeightBufferKib => "weight_buffer_kib",
        SweepAxis.OutputBufferKib => "output_buffer_kib",
        SweepAxis.DramChannels => "dram_channels",
        SweepAxis.DramBandwidthGbps => "dram_bandwidth_gbps",
        SweepAxis.Device => "device",
        _ => throw new ArgumentOutOfRangeException(nameof(axis)),
    };

    public static SweepAxis? Parse(string name)
    {
        foreach (var axis in All)
        {
            if (Name(axis) == name)
            {
                return axis;
            }
        }
        return null;
    }

    /// <summary>True for axes whose values are numbers (usable in heat maps and ranges).</summary>
    public static bool IsNumeric(SweepAxis axis) => axis is not (SweepAxis.Model or SweepAxis.Method or SweepAxis.Nm or SweepAxis.Device);

    /// <summary>True for axes that take integer values.</summary>
    public static bool IsInteger(SweepAxis axis) => IsNumeric(axis) && axis != SweepAxis.DramBandwidthGbps;

    /// <summary>What a value of the axis must look like, for error messages.</summary>
    public static string ExpectedForm(SweepAxis axis) => axis switch
    {
        SweepAxis.Model => "a model name such as resnet18-cifar",
        SweepAxis.Method => "one of dense, srste, bdwp",
        SweepAxis.Nm => "an N:M pattern such as \"2:8\"",
        SweepAxis.DramBandwidthGbps => "a positive number (GB/s per channel)",
        SweepAxis.Device => "a device of data/devices.csv (" + string.Join(", ", Sim.Components.Cost.DeviceCatalog.BuiltIn.Devices.Select(d => d.Name)) + ")",
        _ => "a positive integer",
    };
}
