namespace Sim.Training.Layers;

/// <summary>
/// A layer that can apply the gradient gate of the ReLU whose output it alone reads while it writes its input
/// gradient (dx = x &gt; 0 ? dx : +0 on the ReLU's input x, in the same pass as the values are computed, instead of
/// another pass over memory by the ReLU). <see cref="Models.GraphNetwork"/> sets <see cref="GatedRelu"/> on it and
/// <see cref="ReLU.GradientGated"/> on that ReLU, whose backward then passes its gradient through. Values are the
/// same bits: the gate is ReLU.Gate's, applied to the same values.
/// </summary>
public interface IReluGradientFusable
{
    /// <summary>The ReLU whose gate this layer applies to its input gradient; null for none.</summary>
    ReLU? GatedRelu { get; set; }
}
