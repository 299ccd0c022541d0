namespace Sim.Workloads.Models;

/// <summary>
/// Token embedding: looks up row t of a Vocab x Dim table for each of the T token ids of a sample (input T,
/// output T x Dim). A gather, not a GEMM: the table is trainable but not N:M prunable; its gradient is a
/// scatter-add of the output gradient into the looked-up rows.
/// </summary>
public sealed record Embedding(string Name, string Input, int Vocab, int Dim) : Layer(Name, [Input])
{
    public override string Kind => "embedding";

    public override void Validate() => Require(Vocab >= 1 && Dim >= 1, "expects vocabulary and dimension >= 1");

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        var x = ExpectRank(inputs, 1, "token-id vector");
        return new TensorShape(x[0], Dim);
    }

    public override IReadOnlyList<ParameterSpec> Parameters => [new("weight", new TensorShape(Vocab, Dim))];
}
