using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.Reports;

/// <summary>Occupancy and traffic of one on-chip buffer; <see cref="BytesIn"/> == <see cref="BytesOut"/> after a complete run (conservation).</summary>
public sealed record BufferStats(BufferKind Kind, long CapacityBytes, long PeakBytes, long BytesIn, long BytesOut, long ComputeReadBytes, long ComputeWriteBytes);
