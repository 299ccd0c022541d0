namespace Sim.Workloads.Models;

/// <summary>
/// One trainable tensor of a layer (e.g. "weight" of shape Cout x Cin x Kh x Kw). Both consumers need it:
/// the functional engine allocates and initializes it, the workload compiler counts its bytes and updates.
/// </summary>
/// <param name="Name">Name inside the layer ("weight", "bias", "qkv.weight", "pos_embed", ...).</param>
/// <param name="Shape">Full tensor shape (not batch-free: parameters have no batch).</param>
/// <param name="IsPrunable">True for the weight matrices that N:M sparsity applies to (conv and linear weights).</param>
public sealed record ParameterSpec(string Name, TensorShape Shape, bool IsPrunable = false)
{
    public long Elements => Shape.Elements;
}
