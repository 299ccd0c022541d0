using Sim.Components.Config.Schema;

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

    /// <summary>
    /// The scenario keys of <c>hardware</c>, declared once: the scenario reader, <c>report.json</c>'s hardware
    /// section, sweep axes by key path, docs/hardware.md and scenarios/hardware/sat-default.yaml derive from it.
    /// </summary>
    public static BlockSchema Schema { get; } = Param.Block("hardware", "the accelerator", Sat,
        Param.Number<HardwareConfig>("clock_mhz", nameof(ClockMHz), "MHz", 1, 10_000, "[model]", "clock of the whole design (SAT on the VCU1525: 200)", c => c.ClockMHz, (c, v) => c with { ClockMHz = v }),
        Param.Nested<HardwareConfig, HardwareConfig>("array", "", Param.Block("array", "the N:M sparse systolic PE array", Sat,
            Param.Integer<HardwareConfig>("rows", nameof(ArrayRows), "PEs", 1, 4096, "[model]", "PE rows", c => c.ArrayRows, (c, v) => c with { ArrayRows = v }),
            Param.Integer<HardwareConfig>("cols", nameof(ArrayCols), "PEs", 1, 4096, "[model]", "PE columns", c => c.ArrayCols, (c, v) => c with { ArrayCols = v })),
            c => c, (_, v) => v!),
        Param.Integer<HardwareConfig>("operand_bytes", nameof(OperandBytes), "bytes", 1, 16, "[note]", "one operand element in FP/BP/WG (FP16)", c => c.OperandBytes, (c, v) => c with { OperandBytes = v }),
        Param.Integer<HardwareConfig>("master_bytes", nameof(MasterBytes), "bytes", 1, 16, "[note]", "one master weight or momentum element in the update (FP32)", c => c.MasterBytes, (c, v) => c with { MasterBytes = v }),
        Param.Integer<HardwareConfig>("accumulator_bytes", nameof(AccumulatorBytes), "bytes", 1, 16, "[model]", "one partial sum kept in the output buffer (FP32)", c => c.AccumulatorBytes, (c, v) => c with { AccumulatorBytes = v }),
        Param.Nested<HardwareConfig, BufferSet>("buffers", nameof(Buffers), BufferSet.Schema, c => c.Buffers, (c, v) => c with { Buffers = v! }),
        Param.Nested<HardwareConfig, DramConfig>("dram", nameof(Dram), DramConfig.Schema, c => c.Dram, (c, v) => c with { Dram = v! }),
        Param.Nested<HardwareConfig, SparseGenConfig>("sparse_gen", nameof(SparseGen), SparseGenConfig.Schema, c => c.SparseGen, (c, v) => c with { SparseGen = v! }),
        Param.Nested<HardwareConfig, VectorConfig>("vector", nameof(Vector), VectorConfig.Schema, c => c.Vector, (c, v) => c with { Vector = v! }),
        Param.Nested<HardwareConfig, DataflowOptimizations>("optimizations", nameof(Optimizations), DataflowOptimizations.Schema, c => c.Optimizations, (c, v) => c with { Optimizations = v! }),
        Param.Nested<HardwareConfig, EnergyTable>("energy", nameof(Energy), EnergyTable.Schema, c => c.Energy, (c, v) => c with { Energy = v! }),
        Param.Text<HardwareConfig>("device", nameof(Device), "[choice]", "FPGA device of data/devices.csv (e.g. xcvu9p): resources are checked and power is modelled; absent: the energy table prices the run", c => c.Device, (c, v) => c with { Device = v }));

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
