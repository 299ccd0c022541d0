using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.Reports;

/// <summary>
/// Timing of one executed operation, handed to an optional observer as it completes (the report itself keeps only
/// aggregates, so memory stays flat over millions of operations). <see cref="StallCycles"/>: time the operation sat
/// at the head of its unit waiting for dependences or buffer space.
/// </summary>
public readonly record struct OperationRecord(Operation Operation, long Start, long End, long StallCycles)
{
    public long Cycles => End - Start;
}
