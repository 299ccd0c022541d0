using Sim.Components.Operations;

namespace Sim.Components.Reports;

/// <summary>Mutable running totals of one (layer, stage) while the simulation runs; frozen into <see cref="LayerStageStats"/>.</summary>
internal sealed class LayerStageAccumulator(string layer, Stage stage)
{
    public string Layer { get; } = layer;
    public Stage Stage { get; } = stage;
    public long Operations;
    public long FirstStart = long.MaxValue;
    public long LastEnd;
    public long ComputeCycles;
    public long MemoryStallCycles;
    public long VectorCycles;
    public long SparseGenCycles;
    public long DenseMacs;
    public long EffectiveMacs;
    public long DramBytesRead;
    public long DramBytesWritten;
    public long VectorElements;
    public long SparseGenGroups;
    public double MappedSlots;
    public double AllSlots;

    public LayerStageStats Freeze(int rows, int cols) => new()
    {
        Layer = Layer,
        Stage = Stage,
        Operations = Operations,
        FirstStart = FirstStart == long.MaxValue ? 0 : FirstStart,
        LastEnd = LastEnd,
        ComputeCycles = ComputeCycles,
        MemoryStallCycles = MemoryStallCycles,
        VectorCycles = VectorCycles,
        SparseGenCycles = SparseGenCycles,
        DenseMacs = DenseMacs,
        EffectiveMacs = EffectiveMacs,
        DramBytesRead = DramBytesRead,
        DramBytesWritten = DramBytesWritten,
        VectorElements = VectorElements,
        SparseGenGroups = SparseGenGroups,
        MappingEfficiency = AllSlots == 0 ? 0 : MappedSlots / AllSlots,
        ArrayUtilization = ComputeCycles == 0 ? 0 : EffectiveMacs / ((double)rows * cols * ComputeCycles),
    };
}
