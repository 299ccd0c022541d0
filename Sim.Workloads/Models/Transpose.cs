namespace Sim.Workloads.Models;

/// <summary>
/// Permutes the axes of a sample (the batch axis stays first): output axis i is input axis Perm[i]. Moves
/// every element once, so it costs a copy on the vector engine (attention's head split and merge).
/// </summary>
public sealed record Transpose(string Name, string Input, IReadOnlyList<int> Perm) : Layer(Name, [Input])
{
    public override string Kind => "transpose";

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(inputs, 1);
        var x = inputs[0];
        Require(Perm.Count == x.Rank && Perm.Order().SequenceEqual(Enumerable.Range(0, x.Rank)), $"expects a permutation of {x.Rank} axes, got [{string.Join(",", Perm)}]");
        return new TensorShape(Perm.Select(p => x[p]).ToArray());
    }

    /// <summary>Record equality compares the permutation's values, not the list instance.</summary>
    public bool Equals(Transpose? other) => other is not null && Name == other.Name && Inputs.SequenceEqual(other.Inputs) && Perm.SequenceEqual(other.Perm);

    public override int GetHashCode() => HashCode.Combine(Name, Perm.Count);
}
