using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.Reports;

/// <summary>Cycles of an iteration attributed to one bound within one stage; an iteration's shares sum to its cycles.</summary>
public sealed record BoundShare(Stage Stage, Bound Bound, long Cycles);
