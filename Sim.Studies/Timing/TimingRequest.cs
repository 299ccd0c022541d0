using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;

namespace Sim.Studies.Timing;

/// <summary>One training iteration to time: a zoo model at a batch size, trained by a method at an N:M pattern.</summary>
public sealed record TimingRequest(string Model, int Batch, TrainingMethod Method, NmPattern Pattern)
{
    /// <summary>"resnet18-cifar b32 bdwp 2:8" (dense omits the pattern).</summary>
    public override string ToString() =>
        $"{Model} b{Batch} {Method.Name()}{(Method == TrainingMethod.Dense ? "" : " " + Pattern)}";
}
