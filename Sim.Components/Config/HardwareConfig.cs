namespace Sim.Components.Config;

/// <summary>
/// Everything SatSim needs to know about the accelerator, as one immutable record: the workload compiler tiles
/// against it, the components are built from it, scenario files map onto it. Defaults are SAT's (docs/sat.md [model]):
/// 200 MHz, 32 x 32 PEs, one DDR4-2400 channel (19.2 GB/s), FP16 operands and FP32 master weights.
/// Construct with object initializers and <c>with</c>, then call <see cref="Validate"/> (a list of problems,
/// each naming its field) or <see cref="EnsureValid"/> once before use.
/// </summary>
public sealed record HardwareConfig
{
    public int ArrayRows { get; init; } = 32;
    public int ArrayCols { get; init; } = 32;
    public double ClockMHz { get; init; } = 200;
    public BufferSet Buffers { get; init; } = new();
    public DramConfig Dram { get; init; } = new();
    public SparseGenConfig SparseGen { get; init; } = new();
    public VectorConfig Vector { get; init; } = new();

    /// <summary>Bytes of one FP16 operand element (activations, weights, gradients in FP/BP/WG).</summary>
    public int OperandBytes { get; init; } = 2;

    /// <summary>Bytes of one FP32 master weight / momentum element (weight update).</summary>
    public int MasterBytes { get; init; } = 4;

    /// <summary>Bytes of one partial sum held in the output buffer while a reduction is split (FP32 accumulation).</summary>
    public int AccumulatorBytes { get; init; } = 4;

    public DataflowOptimizations Optimizations { get; init; } = new();

    /// <summary>
    /// The FPGA device the design is built on (a name of <see cref="Cost.DeviceCatalog"/>, e.g. xcvu9p), or null:
    /// with a device, resources are checked and power comes from <see cref="Cost.PowerModel"/>; without, the flat
    /// <see cref="Energy"/> table prices the run. Left out of the JSON when null, so hashes of device-less
    /// configurations do not change.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Device { get; init; }
    public EnergyTable Energy { get; init; } = new();

    /// <summary>SAT's default configuration.</summary>
    public static HardwareConfig Sat { get; } = new();

    /// <summary>Clock period in nanoseconds.</summary>
    public double CycleNs => 1e3 / ClockMHz;

    /// <summary>Seconds for a number of cycles at the configured clock.</summary>
    public double Seconds(long cycles) => cycles / (ClockMHz * 1e6);

    /// <summary>Nanoseconds rounded up to whole cycles (at least 0).</summary>
    public long NsToCycles(double ns) => ns <= 0 ? 0 : (long)Math.Ceiling(ns * ClockMHz / 1e3 - 1e-9);

    /// <summary>Every problem with this configuration, each naming its field and what was expected; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (ArrayRows <= 0) problems.Add($"ArrayRows: must be >= 1 (got {ArrayRows})");
        if (ArrayCols <= 0) problems.Add($"ArrayCols: must be >= 1 (got {ArrayCols})");
        if (!(ClockMHz > 0) || double.IsInfinity(ClockMHz)) problems.Add($"ClockMHz: must be a finite number > 0 (got {ClockMHz})");
        if (OperandBytes <= 0) problems.Add($"OperandBytes: must be >= 1 (got {OperandBytes})");
        if (MasterBytes <= 0) problems.Add($"MasterBytes: must be >= 1 (got {MasterBytes})");
        if (AccumulatorBytes <= 0) problems.Add($"AccumulatorBytes: must be >= 1 (got {AccumulatorBytes})");
        if (Buffers is null) problems.Add("Buffers: missing"); else Buffers.Validate("Buffers", problems);
        if (Dram is null) problems.Add("Dram: missing"); else Dram.Validate("Dram", problems);
        if (SparseGen is null) problems.Add("SparseGen: missing"); else SparseGen.Validate("SparseGen", problems);
        if (Vector is null) problems.Add("Vector: missing"); else Vector.Validate("Vector", problems);
        if (Optimizations is null) problems.Add("Optimizations: missing");
        if (Energy is null) problems.Add("Energy: missing"); else Energy.Validate("Energy", problems);
        if (Device is not null && Cost.DeviceCatalog.BuiltIn.Find(Device) is null)
            problems.Add($"Device: unknown device '{Device}'; expected one of {string.Join(", ", Cost.DeviceCatalog.BuiltIn.Devices.Select(d => d.Name))}");
        return problems;
    }

    /// <summary>Returns this configuration, or throws <see cref="InvalidConfigException"/> listing every problem.</summary>
    public HardwareConfig EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new InvalidConfigException(problems);
    }
}
