namespace Sim.Workloads.Models;

/// <summary>Picks one token (the class token, index 0) of a T x D sequence as the D-wide representation for the head.</summary>
public sealed record SelectToken(string Name, string Input, int Index = 0) : Layer(Name, [Input])
{
    public override string Kind => "selecttoken";

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        var x = ExpectRank(inputs, 2, "T x D");
        Require(Index >= 0 && Index < x[0], $"expects a token index below {x[0]}, got {Index}");
        return new TensorShape(x.Last);
    }
}
