namespace Sim.Training.Layers;

/// <summary>
/// A layer that can apply the ReLU that alone reads its output while it writes that output (the bias and the
/// activation in one pass over the freshly computed values instead of another pass over memory).
/// <see cref="Models.GraphNetwork"/> sets <see cref="FusedRelu"/> on it and <see cref="ReLU.InputActivated"/> on
/// that ReLU, which then passes its input through. Values are the same bits: the output is max(v, +0) exactly as
/// <see cref="ReLU.Apply"/> computes it, and the ReLU's gradient gate v' &gt; 0 on the activated v' = max(v, 0)
/// holds exactly where v &gt; 0 does.
/// </summary>
public interface IReluFusable
{
    /// <summary>When true, the forward output is ReLU(conv + bias) instead of conv + bias.</summary>
    bool FusedRelu { get; set; }
}
