using Sim.Core;

namespace Sim.Components.Dram;

/// <summary>One burst-aligned transfer queued at one DRAM channel; <see cref="Done"/> succeeds when its last byte moved.
/// A value, so queueing a request allocates nothing beyond its completion event.</summary>
internal readonly record struct DramRequest(long Bytes, long Address, bool IsWrite, long IssuedAt, Event Done);
