using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// A trainable tensor with its gradient and optimizer state. Kept as one object so the optimizer, the
/// sparsity controller and checkpoints all see the same dense master copy.
/// </summary>
public sealed class Parameter
{
    public Parameter(string name, Tensor value, bool decay)
    {
        Name = name;
        Value = value;
        Grad = new Tensor(value.Shape.ToArray());
        Decay = decay;
    }

    /// <summary>Full name, "layer.weight".</summary>
    public string Name { get; internal set; }

    /// <summary>Dense FP32 master values.</summary>
    public Tensor Value { get; }

    /// <summary>Gradient of the loss, accumulated by backward passes and cleared by the optimizer.</summary>
    public Tensor Grad { get; }

    /// <summary>Momentum buffer (created by the optimizer).</summary>
    public float[]? Velocity { get; set; }

    /// <summary>Whether weight decay applies (weights yes; biases and normalization parameters no).</summary>
    public bool Decay { get; }
}
