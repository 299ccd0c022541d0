using Sim.Components.Config;
using Sim.Components.Config.Schema;

namespace Sim.Studies.Sweeps;

/// <summary>
/// A dimension of the design space a sweep can vary: one of the named axes below (the workload's model, batch,
/// method and N:M pattern, and short names for common hardware parameters such as <c>pe_rows</c>), or any
/// hardware parameter by its scenario key path (<see cref="ForParameter"/>, e.g. <c>buffers.input.banks</c>),
/// whose type and range come from <see cref="HardwareConfig.Schema"/>. <see cref="Order"/> is the expansion order
/// (the last axis varies fastest) and the column order of <c>sweep.csv</c>: the named axes first, in the order
/// below (never reordered), then key paths in the schema's order.
/// </summary>
public sealed class SweepAxis : IEquatable<SweepAxis>
{
    private SweepAxis(string name, int order, string? parameterPath, long scale = 1)
    {
        Name = name;
        Order = order;
        ParameterPath = parameterPath;
        Scale = scale;
        Parameter = parameterPath is null ? null : HardwareConfig.Schema.Resolve(parameterPath)
            ?? throw new InvalidOperationException($"no hardware parameter '{parameterPath}'");
    }

    public static readonly SweepAxis Model = new("model", 0, null);
    public static readonly SweepAxis Batch = new("batch", 1, null);
    public static readonly SweepAxis Method = new("method", 2, null);
    public static readonly SweepAxis Nm = new("nm", 3, null);
    public static readonly SweepAxis PeRows = new("pe_rows", 4, "array.rows");
    public static readonly SweepAxis PeCols = new("pe_cols", 5, "array.cols");
    public static readonly SweepAxis InputBufferKib = new("input_buffer_kib", 6, "buffers.input.capacity", 1024);
    public static readonly SweepAxis WeightBufferKib = new("weight_buffer_kib", 7, "buffers.weight.capacity", 1024);
    public static readonly SweepAxis OutputBufferKib = new("output_buffer_kib", 8, "buffers.output.capacity", 1024);
    public static readonly SweepAxis DramChannels = new("dram_channels", 9, "dram.channels");
    public static readonly SweepAxis DramBandwidthGbps = new("dram_bandwidth_gbps", 10, "dram.gbps_per_channel");
    public static readonly SweepAxis Device = new("device", 11, "device");

    /// <summary>The named axes, in order.</summary>
    internal static readonly IReadOnlyList<SweepAxis> Named =
        [Model, Batch, Method, Nm, PeRows, PeCols, InputBufferKib, WeightBufferKib, OutputBufferKib, DramChannels, DramBandwidthGbps, Device];

    /// <summary>Every hardware leaf parameter by key path, in the schema's order (maps such as vector.costs excluded).</summary>
    private static readonly IReadOnlyList<string> Paths = HardwareConfig.Schema.Leaves().Select(l => l.Path).ToArray();

    /// <summary>The name in sweep files and the <c>sweep.csv</c> header: a named axis, or the key path.</summary>
    public string Name { get; }

    public int Order { get; }

    /// <summary>The hardware key path the axis sets; null for workload axes.</summary>
    public string? ParameterPath { get; }

    /// <summary>The parameter's value is the axis value times this (1024 for the <c>*_buffer_kib</c> axes).</summary>
    public long Scale { get; }

    /// <summary>The hardware parameter the axis sets (null for workload axes).</summary>
    public HardwareParameter? Parameter { get; }

    public bool IsWorkload => ParameterPath is null;

    /// <summary>Every key path an axis can name, for messages.</summary>
    public static IReadOnlyList<string> ParameterPaths => Paths;

    /// <summary>The axis of a hardware parameter by key path; null when no leaf parameter has that path.</summary>
    public static SweepAxis? ForParameter(string path)
    {
        var index = Paths.ToList().IndexOf(path);
        return index < 0 ? null : Named.FirstOrDefault(a => a.Name == path) ?? new SweepAxis(path, 100 + index, path);
    }

    public bool Equals(SweepAxis? other) => other is not null && other.Name == Name;

    public override bool Equals(object? obj) => Equals(obj as SweepAxis);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    public static bool operator ==(SweepAxis? a, SweepAxis? b) => a?.Equals(b) ?? b is null;

    public static bool operator !=(SweepAxis? a, SweepAxis? b) => !(a == b);

    public override string ToString() => Name;
}

/// <summary>Names and value kinds of <see cref="SweepAxis"/> as they appear in sweep files and CSV headers.</summary>
public static class SweepAxes
{
    /// <summary>The named axes in order (any hardware key path is an axis too: <see cref="SweepAxis.ForParameter"/>).</summary>
    public static IReadOnlyList<SweepAxis> All => SweepAxis.Named;

    /// <summary>Axes of the <c>workload:</c> section; the rest belong to <c>grid:</c>.</summary>
    public static bool IsWorkloadAxis(SweepAxis axis) => axis.IsWorkload;

    public static string Name(SweepAxis axis) => axis.Name;

    /// <summary>A named axis or a hardware key path; null for anything else.</summary>
    public static SweepAxis? Parse(string name) => SweepAxis.Named.FirstOrDefault(a => a.Name == name) ?? SweepAxis.ForParameter(name);

    /// <summary>True for axes whose values are numbers (usable in heat maps and ranges).</summary>
    public static bool IsNumeric(SweepAxis axis) => axis == SweepAxis.Batch
        || axis.Parameter is { Kind: ParameterKind.Integer or ParameterKind.Bytes or ParameterKind.Number };

    /// <summary>True for axes that take integer values.</summary>
    public static bool IsInteger(SweepAxis axis) => axis == SweepAxis.Batch
        || axis.Parameter is { Kind: ParameterKind.Integer or ParameterKind.Bytes } && axis != SweepAxis.DramBandwidthGbps;

    /// <summary>What a value of the axis must look like, for error messages.</summary>
    public static string ExpectedForm(SweepAxis axis)
    {
        if (axis == SweepAxis.Model) return "a model name such as resnet18-cifar";
        if (axis == SweepAxis.Method) return "one of dense, srste, bdwp";
        if (axis == SweepAxis.Nm) return "an N:M pattern such as \"2:8\"";
        if (axis == SweepAxis.DramBandwidthGbps) return "a positive number (GB/s per channel)";
        if (axis == SweepAxis.Device) return "a device of data/devices.csv (" + string.Join(", ", Sim.Components.Cost.DeviceCatalog.BuiltIn.Devices.Select(d => d.Name)) + ")";
        if (axis == SweepAxis.Batch || axis.Scale != 1 || axis.Order < 100) return "a positive integer";
        return axis.Parameter!.Expected;
    }
}
