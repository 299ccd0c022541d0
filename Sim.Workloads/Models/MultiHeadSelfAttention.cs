namespace Sim.Workloads.Models;

/// <summary>
/// Multi-head self-attention on T x Dim tokens (timm's Attention): a fused QKV projection (Dim -> 3 Dim,
/// weight 3Dim x Dim), per head softmax(Q K^T / sqrt(Dim/Heads)) V, and an output projection (Dim -> Dim).
/// Only the two projections carry weights and can be N:M sparse; Q K^T and A V multiply activations.
/// </summary>
public sealed record MultiHeadSelfAttention(string Name, string Input, int Dim, int Heads, bool Bias = true)
    : Layer(Name, [Input])
{
    public override string Kind => "mhsa";

    public int HeadDim => Dim / Heads;

    public override void Validate() => Require(Dim >= 1 && Heads >= 1 && Dim % Heads == 0, $"expects dim divisible by heads, got dim {Dim}, heads {Heads}");

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        var x = ExpectRank(inputs, 2, "T x D");
        Require(x.Last == Dim, $"expects token dimension {Dim}, got shape {x}");
        return x;
    }

    public override IReadOnlyList<ParameterSpec> Parameters =>
        Bias
            ?
            [
                new("qkv.weight", new TensorShape(3 * Dim, Dim), IsPrunable: true), new("qkv.bias", new TensorShape(3 * Dim)),
                new("proj.weight", new TensorShape(Dim, Dim), IsPrunable: true), new("proj.bias", new TensorShape(Dim)),
            ]
            : [new("qkv.weight", new TensorShape(3 * Dim, Dim), IsPrunable: true), new("proj.weight", new TensorShape(Dim, Dim), IsPrunable: true)];

    /// <summary>QKV (T*D*3D) + Q K^T (T*T*D over all heads) + A V (T*T*D) + projection (T*D*D), as timm's figures count.</summary>
    public override long ForwardMacs(IReadOnlyList<TensorShape> inputs, TensorShape output)
    {
        long t = inputs[0][0];
        return t * Dim * 3 * Dim + 2 * t * t * Dim + t * Dim * Dim;
    }
}
