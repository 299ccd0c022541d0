namespace Sim.Workloads.Models;

/// <summary>The element-wise functions an <see cref="Activation"/> layer applies (besides ReLU and GELU, which have their own layers).</summary>
public enum ActivationFunction
{
    /// <summary>1 / (1 + e^-x).</summary>
    Sigmoid,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh,

    /// <summary>min(max(x, Min), Max): ReLU6 with Min = 0, Max = 6.</summary>
    Clip,
}
