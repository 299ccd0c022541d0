namespace Sim.Workloads.Models;

/// <summary>
/// Joins activations along one sample axis (channels of SqueezeNet's fire modules). The producers write into
/// adjacent regions of one buffer, so it is a view: no data movement and no operation, in FP or BP.
/// </summary>
public sealed record Concat(string Name, IReadOnlyList<string> Sources, int Axis) : Layer(Name, Sources)
{
    public override string Kind => "concat";

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        Require(inputs.Count >= 1, "expects at least one input");
        var first = inputs[0];
        Require(Axis >= 0 && Axis < first.Rank, $"expects an axis below rank {first.Rank}, got {Axis}");
        var dims = first.Dims.ToArray();
        long total = 0;
        foreach (var s in inputs)
        {
            Require(s.Rank == first.Rank && Enumerable.Range(0, s.Rank).All(i => i == Axis || s[i] == first[i]),
                $"expects shapes equal except along axis {Axis}, got {string.Join(" and ", inputs)}");
            total += s[Axis];
        }
        Require(total <= int.MaxValue, "expects a concatenated size below 2^31");
        dims[Axis] = (int)total;
        return new TensorShape(dims);
    }

    public bool Equals(Concat? other) => other is not null && Name == other.Name && Axis == other.Axis && Sources.SequenceEqual(other.Sources);

    public override int GetHashCode() => HashCode.Combine(Name, Axis, Sources.Count);
}
